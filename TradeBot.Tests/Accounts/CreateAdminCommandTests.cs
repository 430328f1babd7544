using TradeBot.Web.Accounts;
using TradeBot.Web.Cli;

namespace TradeBot.Tests.Accounts;

public sealed class CreateAdminCommandTests : IAsyncLifetime
{
    private readonly TempSqliteAccounts database = new();
    private readonly StringWriter output = new();
    private readonly StringWriter error = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => database.DisposeAsync();

    private Task<int> RunAsync(params string[] args) =>
        CreateAdminCommand.RunAsync([.. args, database.ConnectionArgument], output, error, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Run_NewEmail_CreatesConfirmedAdminAndTrader()
    {
        var exitCode = await RunAsync("--email", "ops@example.com", "--password", "Admin123!");

        exitCode.ShouldBe(0);
        output.ToString().ShouldContain("Created admin ops@example.com");
        var (user, roles) = await database.FindAsync("ops@example.com");
        user.ShouldNotBeNull().EmailConfirmed.ShouldBeTrue();
        roles.ShouldBe([Roles.Admin, Roles.Trader], ignoreOrder: true);
        (await database.CheckPasswordAsync("ops@example.com", "Admin123!")).ShouldBeTrue();
    }

    [Fact]
    public async Task Run_ExistingTrader_PromotesAndSetsThePassword()
    {
        await database.CreateUserAsync("trader@example.com", "Trader123!", Roles.Trader);

        var exitCode = await RunAsync("--email", "trader@example.com", "--password", "NewAdmin123!");

        exitCode.ShouldBe(0);
        (await database.FindAsync("trader@example.com")).Roles.ShouldBe([Roles.Admin, Roles.Trader], ignoreOrder: true);
        (await database.CheckPasswordAsync("trader@example.com", "NewAdmin123!")).ShouldBeTrue();
    }

    [Theory]
    [InlineData("")]
    [InlineData("--email ops@example.com")]
    [InlineData("--password Admin123!")]
    [InlineData("--email ops@example.com --password")]
    [InlineData("--email ops@example.com --password Admin123! --force")]
    [InlineData("--email not-an-email --password Admin123!")]
    public async Task Run_BadArguments_PrintsOneLineAndExits2(string commandLine)
    {
        var args = commandLine.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var exitCode = await CreateAdminCommand.RunAsync(args, output, error, TestContext.Current.CancellationToken);

        exitCode.ShouldBe(2);
        error.ToString().TrimEnd().Split('\n').Length.ShouldBe(1);
        error.ToString().ShouldStartWith("error: ");
    }

    [Fact]
    public async Task Run_PasswordBreaksPolicy_ExplainsAndExits1()
    {
        var exitCode = await RunAsync("--email", "ops@example.com", "--password", "short");

        exitCode.ShouldBe(1);
        error.ToString().ShouldContain("at least 6 characters");
        (await database.FindAsync("ops@example.com")).User.ShouldBeNull();
    }
}
