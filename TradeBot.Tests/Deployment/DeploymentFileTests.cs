using System.Text.RegularExpressions;
using TradeBot.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace TradeBot.Tests.Deployment;

/// <summary>
/// No Docker engine runs here, so compose.yaml and the Dockerfile are checked as documents: the services, ports,
/// volumes and health checks they promise, and that the image is built with the very commands CI runs.
/// </summary>
public sealed partial class DeploymentFileTests
{
    private static readonly string Root = TestEnvironment.RepositoryRoot;

    private static YamlMappingNode Compose()
    {
        var yaml = new YamlStream();
        using var reader = new StreamReader(Path.Combine(Root, "compose.yaml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlMappingNode Service(string name) =>
        (YamlMappingNode)((YamlMappingNode)Compose()["services"])[name];

    private static IEnumerable<string> Sequence(YamlNode node) =>
        ((YamlSequenceNode)node).Children.Select(c => ((YamlScalarNode)c).Value ?? "");

    [Fact]
    public void Compose_HasTheAppPostgres16AndAnSmtpCatcher()
    {
        var services = (YamlMappingNode)Compose()["services"];
        services.Children.Keys.Select(k => k.ToString()).ShouldBe(["app", "app2", "proxy", "db", "mail"], ignoreOrder: true);
        Service("db")["image"].ToString().ShouldStartWith("postgres:16");
        Sequence(Service("mail")["ports"]).ShouldContain(p => p.EndsWith(":1025"));
    }

    [Fact]
    public void Compose_AppWaitsForAHealthyDatabaseAndUsesPostgres()
    {
        var app = Service("app");
        var dependsOn = (YamlMappingNode)app["depends_on"];
        ((YamlMappingNode)dependsOn["db"])["condition"].ToString().ShouldBe("service_healthy");
        var environment = (YamlMappingNode)app["environment"];
        environment["Database__Provider"].ToString().ShouldBe("Postgres");
        environment["ConnectionStrings__Postgres"].ToString().ShouldContain("Host=db");
        Sequence(app["ports"]).ShouldContain("8080:8080");
    }

    [Fact]
    public void Compose_ScaleProfile_TwoInstancesOfOneConfigurationBehindAStickyProxy()
    {
        foreach (var name in new[] { "app2", "proxy" })
            Sequence(Service(name)["profiles"]).ShouldBe(["scale"], $"{name} starts only with --profile scale");
        Service("app").Children.ShouldNotContainKey(new YamlScalarNode("profiles"));
        // One anchored environment: the second instance cannot drift from the first.
        ((YamlMappingNode)Service("app2")["environment"]).Children.ShouldBe(((YamlMappingNode)Service("app")["environment"]).Children);
        Sequence(Service("app2")["volumes"]).Single().ShouldStartWith("app2-data:", Case.Sensitive, "its own data folder");
        var mount = Sequence(Service("proxy")["volumes"]).Single();
        mount.ShouldStartWith("./deploy/haproxy.cfg:");

        var config = File.ReadAllLines(Path.Combine(Root, "deploy", "haproxy.cfg")).Select(l => l.Trim()).ToList();
        config.ShouldContain(l => l.StartsWith("cookie TRADEBOT_INSTANCE insert", StringComparison.Ordinal), "sticky sessions by cookie");
        config.ShouldContain("option redispatch");
        config.ShouldContain(l => l.StartsWith("timeout tunnel", StringComparison.Ordinal), "the circuit's WebSocket outlives the client timeout");
        config.ShouldContain(l => l.StartsWith("server app1 app:8080 check", StringComparison.Ordinal) && l.EndsWith("cookie app1", StringComparison.Ordinal));
        config.ShouldContain(l => l.StartsWith("server app2 app2:8080 check", StringComparison.Ordinal) && l.EndsWith("cookie app2", StringComparison.Ordinal));
        config.ShouldContain("option httpchk GET /health");
    }

    [Fact]
    public void Compose_BothStatefulServicesHaveHealthChecksAndNamedVolumes()
    {
        var volumes = ((YamlMappingNode)Compose()["volumes"]).Children.Keys.Select(k => k.ToString()).ToList();
        foreach (var (service, mountPoint) in new[] { ("db", "/var/lib/postgresql/data"), ("app", "/data") })
        {
            var node = Service(service);
            ((YamlMappingNode)node["healthcheck"]).Children.ShouldContainKey(new YamlScalarNode("test"));
            var mount = Sequence(node["volumes"]).Single();
            mount.ShouldEndWith(":" + mountPoint);
            volumes.ShouldContain(mount.Split(':')[0], $"{service} must use a named volume");
        }
        Sequence(((YamlMappingNode)Service("db")["healthcheck"])["test"]).ShouldContain(s => s.Contains("pg_isready"));
    }

    [Fact]
    public void Dockerfile_IsMultiStageAndRunsAsNonRoot()
    {
        var lines = File.ReadAllLines(Path.Combine(Root, "Dockerfile"));
        var stages = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();
        stages.Count.ShouldBeGreaterThanOrEqualTo(2);
        stages[0].ShouldContain("dotnet/sdk:10.0");
        stages[^1].ShouldContain("dotnet/aspnet:10.0");
        var lastStage = lines.SkipWhile(l => l != stages[^1]).ToList();
        lastStage.ShouldContain(l => l.StartsWith("USER ", StringComparison.Ordinal) && !l.Contains("root"));
        lastStage.ShouldContain(l => l.StartsWith("HEALTHCHECK", StringComparison.Ordinal));
    }

    [Fact]
    public void Dockerfile_BuildCommands_AreTheOnesCiRuns()
    {
        var dockerCommands = File.ReadAllLines(Path.Combine(Root, "Dockerfile"))
            .Where(l => l.StartsWith("RUN dotnet ", StringComparison.Ordinal))
            .Select(l => Normalize(l["RUN ".Length..]))
            .ToList();
        var ciCommands = File.ReadAllLines(Path.Combine(Root, ".ci", "run"))
            .Select(l => l.Trim())
            .Where(l => l.StartsWith("dotnet ", StringComparison.Ordinal))
            .Select(l => Normalize(l.Split("||")[0]))
            .ToList();

        dockerCommands.ShouldContain(c => c.StartsWith("dotnet publish", StringComparison.Ordinal));
        foreach (var command in dockerCommands)
            ciCommands.ShouldContain(command, $".ci/run does not run the Dockerfile's `{command}`");
    }

    [Fact]
    public void CiScript_RequiresEveryTestAndRunsTheReadmeTestCommand()
    {
        var ci = File.ReadAllText(Path.Combine(Root, ".ci", "run"));
        var readme = File.ReadAllText(Path.Combine(Root, "README.md"));

        ci.ShouldContain("export TRADEBOT_REQUIRE_ALL=1");
        ci.ShouldContain("tests: $passed passed, $failed failed");
        readme.ShouldContain("dotnet test");
        readme.ShouldContain("dotnet run --project TradeBot.Web");
        ci.Split('\n').ShouldContain(l => l.TrimStart().StartsWith("dotnet test", StringComparison.Ordinal));
    }

    // The output folder differs (/app/publish in the image, a temp folder in CI); the rest must match.
    private static string Normalize(string command) =>
        OutputOption().Replace(Whitespace().Replace(command.Trim(), " "), "-o OUT");

    [GeneratedRegex(@"-o \S+")]
    private static partial Regex OutputOption();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
