namespace TradeBot.Tests.Api;

/// <summary>The API tests that share one app process (<see cref="ApiAppFixture"/>); each test makes its own users.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiAppFixture>
{
    public const string Name = "api-app";
}
