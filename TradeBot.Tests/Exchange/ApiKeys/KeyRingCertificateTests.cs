using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using TradeBot.Tests.Infrastructure;
using TradeBot.Web.Data;
using TradeBot.Web.Exchange;
using TradeBot.Web.Exchange.ApiKeys;

namespace TradeBot.Tests.Exchange.ApiKeys;

/// <summary>
/// The key ring with <c>DataProtection:CertificatePath</c>: its keys are stored encrypted to the certificate, another
/// instance with the same certificate decrypts, the database alone does not; a certificate that cannot be used is a
/// clear startup error.
/// </summary>
public sealed class KeyRingCertificateTests : IDisposable
{
    private const string Password = "ring-pass-1";

    private readonly TempFolder _folder = TestEnvironment.CreateTempFolder("keyring");

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private string CertificatePath => Path.Combine(_folder.Path, "ring.pfx");

    public KeyRingCertificateTests()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=TradeBot key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        File.WriteAllBytes(CertificatePath, certificate.Export(X509ContentType.Pfx, Password));
    }

    [Fact]
    public async Task Certificate_KeysStoredEncrypted_SameCertificateDecrypts_DatabaseAloneDoesNot()
    {
        string protectedText;
        using (var first = await HostAsync(withCertificate: true))
        {
            protectedText = first.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("the secret");
            await using var db = await first.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(Cancel);
            var xml = (await db.DataProtectionKeys.AsNoTracking().SingleAsync(Cancel)).Xml!;
            xml.ShouldContain("EncryptedData");
            xml.ShouldNotContain("<masterKey", Case.Insensitive, "the key's secret is not stored in the clear");
        }

        using (var second = await HostAsync(withCertificate: true))
            second.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedText).ShouldBe("the secret");
        using (var copy = await HostAsync(withCertificate: false))
            Should.Throw<CryptographicException>(() => copy.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedText));
    }

    [Fact]
    public void Validation_MissingFileOrWrongPassword_SaysWhich_NoneConfigured_IsFine()
    {
        var validation = new KeyRingOptionsValidation();

        validation.Validate(null, new KeyRingOptions()).Succeeded.ShouldBeTrue();
        validation.Validate(null, new KeyRingOptions { CertificatePath = CertificatePath, CertificatePassword = Password }).Succeeded.ShouldBeTrue();
        validation.Validate(null, new KeyRingOptions { CertificatePath = CertificatePath + ".gone" }).FailureMessage
            .ShouldBe($"DataProtection:CertificatePath: there is no file {CertificatePath}.gone.");
        validation.Validate(null, new KeyRingOptions { CertificatePath = CertificatePath, CertificatePassword = "wrong" }).FailureMessage
            .ShouldStartWith($"DataProtection:CertificatePath: {CertificatePath} cannot be read as a .pfx with the password given");
    }

    [Fact]
    public void Startup_CertificateThatCannotBeRead_OptionsValidationFails()
    {
        using var host = Build(new Dictionary<string, string?> { ["DataProtection:CertificatePath"] = CertificatePath, ["DataProtection:CertificatePassword"] = "wrong" });

        var failure = Should.Throw<OptionsValidationException>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());

        failure.Message.ShouldContain("cannot be read as a .pfx");
    }

    private async Task<IHost> HostAsync(bool withCertificate)
    {
        var settings = new Dictionary<string, string?>();
        if (withCertificate)
        {
            settings["DataProtection:CertificatePath"] = CertificatePath;
            settings["DataProtection:CertificatePassword"] = Password;
        }
        var host = Build(settings);
        await host.Services.MigrateDatabaseAsync(Cancel);
        return host;
    }

    private IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite", ["Database:DataFolder"] = Path.Combine(_folder.Path, "data"), ["Exchange:MarketData"] = "Simulated",
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.AddData().AddExchange().AddApiKeys();
        return builder.Build();
    }

    public void Dispose() => _folder.Dispose();
}
