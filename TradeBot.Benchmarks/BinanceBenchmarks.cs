using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using TradeBot.Domain.Market;
using TradeBot.Web.Exchange.Binance;

namespace TradeBot.Benchmarks;

/// <summary>Building and signing one Binance order request (issue 4 target: under 5 µs).</summary>
[MemoryDiagnoser]
public class BinanceSigningBenchmarks
{
    private static readonly Uri BaseUrl = new("https://api.binance.com");
    private readonly byte[] secret = Encoding.UTF8.GetBytes("NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j");

    [Benchmark(Description = "HMAC-SHA256 of the spot doc payload")]
    public string Sign() =>
        BinanceSigner.Sign(secret, "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000&timestamp=1499827319559");

    [Benchmark(Description = "market order: parameters, timestamp, signature, URI")]
    public Uri BuildSignedOrderRequest()
    {
        var parameters = new BinanceQuery().Add("symbol", "BTCUSDT").Add("side", "BUY").Add("type", "MARKET")
            .Add("quantity", 0.00123m).Add("newClientOrderId", "bot-42-1734").Add("newOrderRespType", "FULL").ToString();
        var query = BinanceSigner.SignedQuery(secret, parameters, 5000, 1_764_000_000_000);
        return new UriBuilder(BaseUrl) { Path = "/api/v3/order", Query = query }.Uri;
    }
}

/// <summary>Parsing a 1000-kline REST response from its UTF-8 bytes (target: under 1 ms, no per-kline strings).</summary>
[MemoryDiagnoser]
public class BinanceKlineParsingBenchmarks
{
    private readonly List<Candle> candles = new(1000);
    private byte[] json = [];

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder("[");
        var price = 43_000.0;
        for (var i = 0; i < 1000; i++)
        {
            var open = 1_700_000_000_000L + i * 60_000L;
            price += Math.Sin(i) * 12.5;
            text.Append(i == 0 ? "" : ",").Append(string.Create(CultureInfo.InvariantCulture,
                $"[{open},\"{price:0.00000000}\",\"{price + 15.3:0.00000000}\",\"{price - 9.1:0.00000000}\",\"{price + 3.7:0.00000000}\",\"{12.345 + i % 7:0.00000000}\",{open + 59_999},\"531234.12345678\",1234,\"6.12300000\",\"263412.98765432\",\"0\"]"));
        }

        json = Encoding.UTF8.GetBytes(text.Append(']').ToString());
    }

    [Benchmark(Description = "1000 klines (~170 KB) into a reused list")]
    public int Parse1000Klines()
    {
        candles.Clear();
        return BinanceKlineParser.Parse(json, candles);
    }
}
