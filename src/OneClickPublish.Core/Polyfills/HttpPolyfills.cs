#if NETFRAMEWORK
using System.Net;
using System.Net.Http;
using System.Net.Sockets;

namespace OneClickPublish
{
    /// <summary>The System.Net.Http members of .NET Core 2.1–8 used here, for the net472 build.</summary>
    internal static class HttpPolyfills
    {
        extension(HttpMethod)
        {
            public static HttpMethod Patch => new("PATCH");
        }

        extension(HttpContent content)
        {
            public Task<string> ReadAsStringAsync(CancellationToken cancellationToken)
            {
                cancellationToken.ThrowIfCancellationRequested();
                return content.ReadAsStringAsync();
            }
        }

        extension(HttpRequestException exception)
        {
            /// <summary>.NET 8's classification, from the WebException or SocketException .NET Framework's handler wraps.</summary>
            public HttpRequestError HttpRequestError => exception.InnerException switch
            {
                WebException { Status: WebExceptionStatus.NameResolutionFailure or WebExceptionStatus.ProxyNameResolutionFailure } => HttpRequestError.NameResolutionError,
                WebException { Status: WebExceptionStatus.ConnectFailure } => HttpRequestError.ConnectionError,
                WebException { Status: WebExceptionStatus.SecureChannelFailure or WebExceptionStatus.TrustFailure } => HttpRequestError.SecureConnectionError,
                WebException { Status: WebExceptionStatus.ConnectionClosed or WebExceptionStatus.KeepAliveFailure or WebExceptionStatus.ReceiveFailure or WebExceptionStatus.SendFailure } => HttpRequestError.ResponseEnded,
                SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } => HttpRequestError.NameResolutionError,
                SocketException => HttpRequestError.ConnectionError,
                _ => HttpRequestError.Unknown,
            };
        }
    }
}

namespace System.Net.Http
{
    /// <summary>.NET 8's reasons for an <see cref="HttpRequestException"/> (the ones .NET Framework can tell apart).</summary>
    internal enum HttpRequestError
    {
        Unknown = 0,
        NameResolutionError,
        ConnectionError,
        SecureConnectionError,
        HttpProtocolError,
        ExtendedConnectNotSupported,
        VersionNegotiationError,
        UserAuthenticationError,
        ProxyTunnelError,
        InvalidResponse,
        ResponseEnded,
        ConfigurationLimitExceeded,
    }

    /// <summary>
    /// Stands in for .NET Core's handler on .NET Framework, whose HttpClientHandler has no connect
    /// timeout or pooled-connection lifetime: both settings are accepted and left to ServicePointManager
    /// (each call is still bounded by the client's own timeout).
    /// </summary>
    internal sealed class SocketsHttpHandler : HttpClientHandler
    {
        public TimeSpan ConnectTimeout { get; set; } = Threading.Timeout.InfiniteTimeSpan;

        public TimeSpan PooledConnectionLifetime { get; set; } = Threading.Timeout.InfiniteTimeSpan;
    }
}
#endif
