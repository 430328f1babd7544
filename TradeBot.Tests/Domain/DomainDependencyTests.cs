using TradeBot.Domain.Market;

namespace TradeBot.Tests.Domain;

public sealed class DomainDependencyTests
{
    [Fact]
    public void DomainAssembly_References_OnlyTheBaseClassLibrary()
    {
        var references = typeof(Candle).Assembly.GetReferencedAssemblies().Select(a => a.Name ?? "").ToArray();

        references.ShouldNotBeEmpty();
        references.ShouldAllBe(name => name.StartsWith("System") || name == "netstandard" || name == "mscorlib");
    }
}
