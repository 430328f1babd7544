using System.Text;
using TradeBot.Web.Exchange.Binance;

namespace TradeBot.Tests.Exchange;

public class BinanceSignerTests
{
    // Binance's published examples: spot rest-api.md (HMAC keys section) and the USD-M general-info page.
    private const string SpotSecret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";
    private const string FuturesSecret = "2b5eb11e18796d12d88f13dc27dbbd02c2cc51ff7059765ed9821957d82bb4d9";

    [Fact]
    public void Sign_SpotDocumentationExample_MatchesPublishedSignature()
    {
        const string payload = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559";

        BinanceSigner.Sign(Encoding.UTF8.GetBytes(SpotSecret), payload)
            .ShouldBe("c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
    }

    [Fact]
    public void Sign_FuturesDocumentationExample_MatchesPublishedSignature()
    {
        const string payload = "symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=1&price=9000&timeInForce=GTC&recvWindow=5000&timestamp=1591702613943";

        BinanceSigner.Sign(Encoding.UTF8.GetBytes(FuturesSecret), payload)
            .ShouldBe("3c661234138461fcc7a7d8746c6558c9842d4e10870d2ecbedf7777cad694af9");
    }

    [Fact]
    public void SignedQuery_BuiltFromParameters_ReproducesSpotExampleWithSignatureLast()
    {
        var parameters = new BinanceQuery().Add("symbol", "LTCBTC").Add("side", "BUY").Add("type", "LIMIT").Add("timeInForce", "GTC")
            .Add("quantity", 1m).Add("price", 0.1m).ToString();

        var query = BinanceSigner.SignedQuery(Encoding.UTF8.GetBytes(SpotSecret), parameters, 5000, 1499827319559);

        query.ShouldBe("symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559"
                       + "&signature=c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71");
    }

    [Fact]
    public void SignedQuery_NonAsciiSymbolDocumentationExample_EncodesThenMatchesPublishedSignature()
    {
        // Binance's request-security page: the same order for symbol "１２３４５６", signed after percent-encoding.
        var parameters = new BinanceQuery().Add("symbol", "１２３４５６").Add("side", "BUY").Add("type", "LIMIT").Add("timeInForce", "GTC")
            .Add("quantity", 1m).Add("price", 0.1m).ToString();

        var query = BinanceSigner.SignedQuery(Encoding.UTF8.GetBytes(SpotSecret), parameters, 5000, 1499827319559);

        query.ShouldBe("symbol=%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1"
                       + "&recvWindow=5000&timestamp=1499827319559&signature=e1353ec6b14d888f1164ae9af8228a3dbd508bc82eb867db8ab6046442f33ef3");
    }

    [Theory]
    [InlineData("0.00000001", "0.00000001")]
    [InlineData("1.23000000", "1.23")]
    [InlineData("50000", "50000")]
    [InlineData("0.10", "0.1")]
    [InlineData("12345678901234.5678", "12345678901234.5678")]
    public void FormatDecimal_AnyValue_IsInvariantWithoutExponentOrTrailingZeros(string input, string expected)
    {
        BinanceQuery.FormatDecimal(decimal.Parse(input, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(expected);
    }

    [Fact]
    public void Add_ReservedCharacters_ArePercentEncoded()
    {
        new BinanceQuery().Add("symbols", "[\"BTCUSDT\",\"BNBBTC\"]").Add("newClientOrderId", "bot-1:42/a").ToString()
            .ShouldBe("symbols=%5B%22BTCUSDT%22%2C%22BNBBTC%22%5D&newClientOrderId=bot-1%3A42%2Fa");
    }
}
