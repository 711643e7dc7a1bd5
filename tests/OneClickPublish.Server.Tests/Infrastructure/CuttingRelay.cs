using System.Net;
using System.Net.Sockets;

namespace OneClickPublish.Server.Tests.Infrastructure;

/// <summary>
/// The network between a client and the real server, on loopback: relays every connection, and cuts
/// one (a reset towards the client) once it has carried more than <c>cutAfter</c> bytes towards the
/// server, at most <c>cuts</c> times. A PATCH body is the only request that large, so it is cut part
/// way, after the server received its first bytes: the client sees its connection lost mid-body, a
/// real socket error, and the server keeps what reached it. Small requests (create, HEAD) go through.
/// </summary>
internal sealed class CuttingRelay : IAsyncDisposable
{
    /// <summary>How long after a cut the server's side ends; a client's retry should wait longer (its first delay at least twice this).</summary>
    public static readonly TimeSpan ServerNoticesAfter = TimeSpan.FromMilliseconds(100);

    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Uri _target;
    private readonly long _cutAfter;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _cutsLeft;
    private int _cuts;

    public CuttingRelay(Uri target, long cutAfter, int cuts)
    {
        _target = target;
        _cutAfter = cutAfter;
        _cutsLeft = cuts;
        _listener.Start();
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    /// <summary>Where the client connects instead of the server.</summary>
    public Uri Address { get; }

    /// <summary>How many connections were cut.</summary>
    public int Cuts => Volatile.Read(ref _cuts);

    private async Task AcceptAsync()
    {
        var connections = new List<Task>();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                connections.Add(RelayAsync(client));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopped.
        }

        await Task.WhenAll(connections);
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(_target.Host, _target.Port, _stop.Token);
                var towardsClient = PumpAsync(server.GetStream(), client.GetStream(), cutAfter: null, client, server);
                await PumpAsync(client.GetStream(), server.GetStream(), _cutAfter, client, server);
                await towardsClient;
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // A connection closed by either side, or cut here.
            }
        }
    }

    private async Task PumpAsync(NetworkStream from, NetworkStream to, long? cutAfter, TcpClient client, TcpClient server)
    {
        var buffer = new byte[16 * 1024];
        long carried = 0;
        int read;
        while ((read = await from.ReadAsync(buffer, _stop.Token)) > 0)
        {
            if (cutAfter is { } limit && carried + read > limit && Interlocked.Decrement(ref _cutsLeft) >= 0)
            {
                await to.WriteAsync(buffer.AsMemory(0, (int)(limit - carried)), _stop.Token);
                Interlocked.Increment(ref _cuts);
                // The client gets a reset at once; the server what was carried, and the end of the stream a
                // moment later, as a server notices a dead peer after its last bytes arrived: it writes them
                // first (an abort at once would cancel its read before it took bytes already received).
                client.Client.LingerState = new LingerOption(true, 0);
                client.Client.Close();
                await Task.Delay(ServerNoticesAfter, _stop.Token);
                server.Client.Shutdown(SocketShutdown.Send);
                return;
            }

            await to.WriteAsync(buffer.AsMemory(0, read), _stop.Token);
            carried += read;
        }

        // One side ended: end the other direction too.
        to.Socket.Shutdown(SocketShutdown.Send);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        _stop.Dispose();
    }
}
