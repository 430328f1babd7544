using Npgsql;

namespace TradeBot.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL server on 127.0.0.1 for the tests of the <c>Postgres</c> collection: either the one named by
/// <c>TRADEBOT_TEST_POSTGRES</c> (a connection string of a user that may create databases), or a throwaway cluster
/// this fixture creates with <c>initdb</c> and starts with <c>pg_ctl</c> on a free port (as the <c>postgres</c>
/// OS user when the tests run as root, since PostgreSQL refuses to run as root).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private TempFolder? _cluster;
    private string? _binFolder;
    private bool _runAsPostgresUser;

    /// <summary>Connection string of the maintenance database, or null when no server could be found.</summary>
    public string? AdminConnectionString { get; private set; }

    /// <summary>Why no server is available (for the skip/fail message).</summary>
    public string? Unavailable { get; private set; }

    public async ValueTask InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable("TRADEBOT_TEST_POSTGRES") is { Length: > 0 } external)
        {
            AdminConnectionString = external;
            return;
        }
        _binFolder = FindBinFolder();
        if (_binFolder is null)
        {
            Unavailable = "PostgreSQL (initdb/pg_ctl)";
            return;
        }
        _runAsPostgresUser = Environment.UserName == "root";
        _cluster = TestEnvironment.CreateTempFolder("pg");
        var data = _cluster.File("data");
        var port = FreePort.Next();
        var cancel = TestContext.Current.CancellationToken;
        if (_runAsPostgresUser)
            await ProcessRunner.RunCheckedAsync("chown", ["-R", "postgres:postgres", _cluster.Path], cancel);
        await RunPostgresToolAsync("initdb", ["-D", data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync"], cancel);
        // Every app host on PostgreSQL holds pools of its own (EF Core, Quartz's clustered store, the event listener), one
        // per test database: the default 100 connections run out over a test run.
        var serverOptions = $"-p {port} -c listen_addresses=127.0.0.1 -k {_cluster.Path} -c fsync=off -c synchronous_commit=off -c full_page_writes=off " +
            "-c max_connections=1000";
        await RunPostgresToolAsync("pg_ctl", ["-D", data, "-l", _cluster.File("server.log"), "-o", serverOptions, "-w", "-t", "60", "start"], cancel);
        AdminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
    }

    /// <summary>Creates an empty database and returns its connection string. Skips or fails when no server is available.</summary>
    public async Task<string> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        TestEnvironment.Require(AdminConnectionString is not null, Unavailable ?? "PostgreSQL");
        var name = "tradebot_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        // Idle pooled connections of a finished test close within seconds instead of Npgsql's 5 minutes.
        return new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = name, Pooling = true, ConnectionIdleLifetime = 10, ConnectionPruningInterval = 5,
        }.ToString();
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing its open connections (an outage, as the app sees it).</summary>
    public async Task DropDatabaseAsync(string connectionString, CancellationToken cancellationToken)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"DROP DATABASE {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is null || _binFolder is null)
            return;
        NpgsqlConnection.ClearAllPools();
        try
        {
            await RunPostgresToolAsync("pg_ctl", ["-D", _cluster.File("data"), "-m", "immediate", "-w", "stop"], CancellationToken.None);
        }
        finally
        {
            _cluster.Dispose();
        }
    }

    private Task<string> RunPostgresToolAsync(string tool, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var path = Path.Combine(_binFolder!, tool);
        return _runAsPostgresUser
            ? ProcessRunner.RunCheckedAsync("runuser", ["-u", "postgres", "--", path, .. arguments], cancellationToken)
            : ProcessRunner.RunCheckedAsync(path, arguments, cancellationToken);
    }

    private static string? FindBinFolder()
    {
        var debian = new DirectoryInfo("/usr/lib/postgresql");
        if (debian.Exists)
        {
            var newest = debian.GetDirectories()
                .Where(d => File.Exists(Path.Combine(d.FullName, "bin", "initdb")))
                .OrderByDescending(d => int.TryParse(d.Name, out var v) ? v : 0)
                .FirstOrDefault();
            if (newest is not null)
                return Path.Combine(newest.FullName, "bin");
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .FirstOrDefault(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")));
    }
}

/// <summary>Tests that share one PostgreSQL server; each test creates its own database.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>
{
    public const string Name = "Postgres";
}
