using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Options;

namespace TradeBot.Web.Exchange.ApiKeys;

/// <summary>
/// Settings of the Data Protection key ring (section <c>DataProtection</c>). The ring lives in the database next to what
/// it encrypts (API keys, webhook secrets), so that every instance reads it; with a certificate, its keys are stored
/// encrypted to that certificate, and a copy of the database alone no longer decrypts anything.
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    /// <summary>A PKCS#12 (.pfx) file with an RSA certificate and its private key; every instance needs the same one.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The .pfx file's password, if it has one.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>The certificate, or why it cannot be used; (null, null) when none is configured.</summary>
    internal (X509Certificate2? Certificate, string? Problem) Load()
    {
        if (string.IsNullOrWhiteSpace(CertificatePath))
            return (null, null);
        if (!File.Exists(CertificatePath))
            return (null, $"{Section}:CertificatePath: there is no file {CertificatePath}.");
        try
        {
            var certificate = X509CertificateLoader.LoadPkcs12FromFile(CertificatePath, CertificatePassword);
            if (!certificate.HasPrivateKey || certificate.GetRSAPrivateKey() is null)
            {
                certificate.Dispose();
                return (null, $"{Section}:CertificatePath: {CertificatePath} holds no RSA private key; the key ring needs one to decrypt its keys.");
            }
            return (certificate, null);
        }
        catch (CryptographicException e)
        {
            return (null, $"{Section}:CertificatePath: {CertificatePath} cannot be read as a .pfx with the password given ({e.Message}).");
        }
    }
}

/// <summary>A configured certificate that cannot be used stops startup with one line saying why.</summary>
internal sealed class KeyRingOptionsValidation : IValidateOptions<KeyRingOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyRingOptions options)
    {
        var (certificate, problem) = options.Load();
        certificate?.Dispose();
        return problem is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problem);
    }
}
