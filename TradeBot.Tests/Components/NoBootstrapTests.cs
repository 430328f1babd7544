namespace TradeBot.Tests.Components;

/// <summary>The whole app is one MudBlazor app: no Bootstrap markup survives from the project template.</summary>
public sealed class NoBootstrapTests
{
    private static readonly string[] BootstrapClasses = ["form-control", "btn btn-", "col-md-", "form-floating"];

    [Fact]
    public void RazorFiles_TradeBotWeb_ContainNoBootstrapClasses()
    {
        var webProject = Path.Combine(SolutionFolder(), "TradeBot.Web");
        var razorFiles = Directory.EnumerateFiles(webProject, "*.razor", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToList();

        razorFiles.ShouldNotBeEmpty();
        var offenders = razorFiles
            .SelectMany(path => BootstrapClasses
                .Where(bootstrapClass => File.ReadAllText(path).Contains(bootstrapClass, StringComparison.Ordinal))
                .Select(bootstrapClass => $"{Path.GetRelativePath(webProject, path)}: {bootstrapClass}"))
            .ToList();
        offenders.ShouldBeEmpty();
    }

    private static string SolutionFolder()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "TradeBot.sln")))
                return folder.FullName;
        }
        throw new InvalidOperationException("TradeBot.sln not found above " + AppContext.BaseDirectory);
    }
}
