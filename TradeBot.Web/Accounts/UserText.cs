namespace TradeBot.Web.Accounts;

/// <summary>
/// Checks of free text a user names things with (bot names, key labels, webhook URLs): besides length, no control
/// characters (null bytes, line breaks), no broken UTF-16 (a lone surrogate is stored as garbage), and no bidirectional
/// overrides or isolates, which make a name read differently from what it holds ("Trojan Source").
/// </summary>
public static class UserText
{
    /// <summary>What is wrong with <paramref name="text"/> (for "The name must not contain ..."), or null when it is fine.</summary>
    public static string? Problem(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c))
                return "control characters (such as line breaks or null bytes)";
            if (c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u200E' or '\u200F' or '\u061C')
                return "text direction marks";
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                i++;
            else if (char.IsSurrogate(c))
                return "broken characters (a lone UTF-16 surrogate)";
        }
        return null;
    }

    /// <summary><paramref name="text"/> cut to <paramref name="max"/> characters with an ellipsis, for echoing input in a message.</summary>
    public static string Shorten(string? text, int max = 40) =>
        text is null ? "" : text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");
}
