// Remembers the theme in a cookie so anonymous pages (login) open in the last chosen theme.
// The server reads the same cookie: Accounts/ThemeCookie.cs.
window.tradeBotTheme = {
    remember: function (dark) {
        document.cookie = "tradebot-theme=" + (dark ? "dark" : "light") + "; path=/; max-age=31536000; samesite=lax" +
            (location.protocol === "https:" ? "; secure" : "");
    }
};
