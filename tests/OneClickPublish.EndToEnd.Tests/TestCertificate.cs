using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OneClickPublish.EndToEnd.Tests;

/// <summary>
/// A self-signed TLS certificate for 127.0.0.1 (and localhost), written as PEM for nginx, and a CA
/// bundle that trusts it for a client process: <c>SSL_CERT_FILE</c>, which OpenSSL, and so .NET on
/// Linux, reads its trusted roots from. The bundle keeps the machine's own roots, so NuGet's https
/// sources stay trusted in the same build.
/// </summary>
internal sealed class TestCertificate
{
    private const string SystemBundle = "/etc/ssl/certs/ca-certificates.crt";

    private TestCertificate(X509Certificate2 certificate, string certificateFile, string keyFile, string trustBundle)
    {
        Certificate = certificate;
        CertificateFile = certificateFile;
        KeyFile = keyFile;
        TrustBundle = trustBundle;
    }

    public X509Certificate2 Certificate { get; }

    public string CertificateFile { get; }

    public string KeyFile { get; }

    /// <summary>The machine's roots and this certificate: the value of SSL_CERT_FILE for a client that must trust it.</summary>
    public string TrustBundle { get; }

    public static TestCertificate Create(string directory)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        Directory.CreateDirectory(directory);
        var certificateFile = Path.Combine(directory, "cert.pem");
        var keyFile = Path.Combine(directory, "key.pem");
        var bundle = Path.Combine(directory, "trust.pem");
        File.WriteAllText(certificateFile, certificate.ExportCertificatePem() + "\n");
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        var machineRoots = File.Exists(SystemBundle) ? File.ReadAllText(SystemBundle) + "\n" : string.Empty;
        File.WriteAllText(bundle, machineRoots + certificate.ExportCertificatePem() + "\n");
        return new TestCertificate(certificate, certificateFile, keyFile, bundle);
    }

    /// <summary>An HttpClient of the test's own that trusts this certificate only (not the machine's roots).</summary>
    public HttpClient NewClient(Uri baseAddress)
    {
        var policy = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, RevocationMode = X509RevocationMode.NoCheck };
        policy.CustomTrustStore.Add(Certificate);
        var handler = new SocketsHttpHandler { SslOptions = { CertificateChainPolicy = policy } };
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(5) };
    }
}
