using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Net.Http.Json;
using System.Security.Cryptography;
using OneClickPublish.Diagnostics;
using OneClickPublish.Xif;

namespace OneClickPublish.Platform;

/// <summary>
/// One resumable upload (docs/protocol.md): creates the upload without its SHA-256, then sends
/// PATCHes of at most the chunk size straight from disk, hashing each buffer as it leaves, and the
/// file's SHA-256 with the last byte (<see cref="UploadPlan"/>). A server from before that extension
/// refuses the create; then the file is hashed first, as it always was, and this client remembers
/// to do so for that server (<see cref="PlatformConnection.HashBeforeCreate"/>). After a failure it
/// waits as the <see cref="RetryPolicy"/> says, asks the server's offset and goes on from there,
/// so bytes the server has are never sent again. Failures are counted in a row: every
/// acknowledged chunk starts the count again, so a long upload over a flaky link keeps going as
/// long as it progresses.
/// </summary>
internal sealed class UploadSession(PlatformConnection connection, int chunkSize)
{
    private const string UploadOffsetHeader = "Upload-Offset";

    /// <summary>Answers that accept a PATCH without moving the offset, in a row, before the client gives up.</summary>
    private const int MaxStallsWithoutProgress = 3;

    private Uri Server => connection.Server;

    private RetryPolicy Retry => connection.Retry;

    /// <summary>Uploads the file and returns the server's upload id once the server has every byte and has checked the SHA-256.</summary>
    public async Task<string> RunAsync(string path, IProgress<TransferProgress>? progress, CancellationToken ct)
    {
        var name = Path.GetFileName(path);
        var what = $"The upload of '{name}'";
        var length = await InspectFileAsync(path, ct).ConfigureAwait(false);
        using var plan = new UploadPlan(path, length, chunkSize);
        if (connection.HashBeforeCreate)
        {
            plan.Sha256AtCreate = await HashFileAsync(path, ct).ConfigureAwait(false);
        }

        var uploadId = await CreateAsync(path, plan, what, ct).ConfigureAwait(false);
        var offset = 0L;
        var failures = 0;
        var stalls = 0;
        var forgotten = 0;
        progress?.Report(new TransferProgress(offset, length));

        while (offset < length)
        {
            var start = offset;
            HttpResponseMessage response;
            try
            {
                using var request = await plan.CreatePatchAsync(UploadPath(uploadId), start, sent => progress?.Report(new TransferProgress(start + sent, length)), ct).ConfigureAwait(false);
                response = await connection.SendOnceAsync(request, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not DiagnosticException && PlatformConnection.FindDiagnostic(e) is { } local)
            {
                throw local; // the local file failed, not the connection: retrying will not help
            }
            catch (Exception e) when (PlatformConnection.IsTransportFailure(e, ct))
            {
                // A PATCH may go again: the server keeps what reached it and says where to continue.
                failures++;
                if (!RetryPolicy.CanRetry(e, idempotent: true) || failures > Retry.Retries)
                {
                    throw connection.TransportError(e, failures);
                }

                await Retry.WaitBeforeRetryAsync(failures, what, RetryPolicy.ReasonOf(e), null, ct).ConfigureAwait(false);
                (uploadId, offset) = await ResumeAsync(path, plan, uploadId, what, ct).ConfigureAwait(false);
                continue;
            }

            using (response)
            {
                switch (response.StatusCode)
                {
                    case HttpStatusCode.NoContent or HttpStatusCode.OK:
                        // Never assume the body arrived whole: without the server's new offset, ask for it.
                        var acknowledged = ReadOffset(response, what) ?? await GetOffsetAsync(uploadId, what, ct).ConfigureAwait(false);
                        if (acknowledged is null)
                        {
                            // A server that takes bytes and then forgets the upload once may have restarted or
                            // expired it; twice, it would loop for ever re-sending the file from 0.
                            if (++forgotten > 1)
                            {
                                throw DiagnosticException.Create(PlatformDiagnostics.InvalidResponse, new SourceLocation(path), Server, what,
                                    "it accepted bytes without an Upload-Offset header and then no longer knew the upload, twice");
                            }

                            uploadId = await CreateAsync(path, plan, what, ct).ConfigureAwait(false);
                            offset = 0;
                            continue;
                        }

                        offset = acknowledged.Value;
                        failures = 0;
                        stalls = offset > start ? 0 : stalls + 1;
                        if (stalls > MaxStallsWithoutProgress)
                        {
                            throw DiagnosticException.Create(PlatformDiagnostics.UploadOffsetConflict, new SourceLocation(path), path, Server, start);
                        }

                        continue;
                    case HttpStatusCode.Conflict:
                        // The server's offset is the truth: resume from it (bytes it has are not sent again).
                        var serverOffset = ReadOffset(response, what)
                            ?? throw await connection.ErrorFromResponseAsync(response, what, 1, ct).ConfigureAwait(false);
                        offset = serverOffset;
                        if (serverOffset != start)
                        {
                            continue;
                        }

                        // Refused at the server's own offset: the server is still busy with the request
                        // that dropped (it keeps writing what reached it). The protocol asks the client to
                        // wait it out (OCP5205); this is the one 4xx the client waits on, by the same policy.
                        if (++failures > Retry.Retries)
                        {
                            throw DiagnosticException.Create(PlatformDiagnostics.UploadOffsetConflict, new SourceLocation(path), path, Server, start);
                        }

                        var busy = await PlatformConnection.TransientReasonAsync(response, ct).ConfigureAwait(false);
                        await Retry.WaitBeforeRetryAsync(failures, what, busy, RetryPolicy.RetryAfter(response), ct).ConfigureAwait(false);
                        continue;
                    case (HttpStatusCode)422: // UnprocessableEntity, unnamed on .NET Framework
                        var mismatch = await PlatformConnection.ReadErrorBodyAsync(response, ct).ConfigureAwait(false);
                        throw DiagnosticException.Create(PlatformDiagnostics.HashMismatch, new SourceLocation(path), Server, name, PlatformConnection.ServerSays(mismatch));
                    case HttpStatusCode.RequestEntityTooLarge:
                        throw await TooLargeAsync(response, path, length, ct).ConfigureAwait(false);
                    case HttpStatusCode.NotFound:
                        // The server lost or expired the upload: not a retry of the refused PATCH but a new
                        // upload, at once; it counts against the retries so a server that keeps losing it ends.
                        if (++failures > Retry.Retries)
                        {
                            throw await connection.ErrorFromResponseAsync(response, what, failures, ct).ConfigureAwait(false);
                        }

                        uploadId = await CreateAsync(path, plan, what, ct).ConfigureAwait(false);
                        offset = 0;
                        continue;
                    default:
                        if (!RetryPolicy.IsTransient(response.StatusCode) || ++failures > Retry.Retries)
                        {
                            throw await connection.ErrorFromResponseAsync(response, what, Math.Max(failures, 1), ct).ConfigureAwait(false);
                        }

                        var reason = await PlatformConnection.TransientReasonAsync(response, ct).ConfigureAwait(false);
                        await Retry.WaitBeforeRetryAsync(failures, what, reason, RetryPolicy.RetryAfter(response), ct).ConfigureAwait(false);
                        break;
                }
            }

            (uploadId, offset) = await ResumeAsync(path, plan, uploadId, what, ct).ConfigureAwait(false);
        }

        if (offset != length)
        {
            throw DiagnosticException.Create(PlatformDiagnostics.InvalidResponse, SourceLocation.None, Server, what, $"the server reports {offset} bytes received of {length}");
        }

        progress?.Report(new TransferProgress(length, length));
        return uploadId;
    }

    private static string UploadPath(string uploadId) => "api/v1/uploads/" + Uri.EscapeDataString(uploadId);

    /// <summary>After a failure: the server's offset of the upload, or a new upload when the server no longer has it.</summary>
    private async Task<(string UploadId, long Offset)> ResumeAsync(string path, UploadPlan plan, string uploadId, string what, CancellationToken ct)
    {
        var resumed = await GetOffsetAsync(uploadId, what, ct).ConfigureAwait(false);
        return resumed is { } at
            ? (uploadId, at)
            : (await CreateAsync(path, plan, what, ct).ConfigureAwait(false), 0);
    }

    /// <summary>The file's length, once it is known to be one the server can take (not empty, not Integration Studio's format).</summary>
    private static async Task<long> InspectFileAsync(string path, CancellationToken ct)
    {
        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.Asynchronous);
            await using (file.ConfigureAwait(false))
            {
                var length = file.Length;
                if (length == 0)
                {
                    throw DiagnosticException.Create(PlatformDiagnostics.FileUnreadable, new SourceLocation(path), path, "the file is empty");
                }

                // Integration Studio's own format would only be refused by the server after the whole upload.
                var head = new byte[2];
                if (await file.ReadAsync(head, 0, head.Length, ct).ConfigureAwait(false) == head.Length && XifFormat.LooksLikeIntegrationStudio(head))
                {
                    throw DiagnosticException.Create(XifDiagnostics.IntegrationStudioFile, new SourceLocation(path), $"'{Path.GetFileName(path)}'");
                }

                return length;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw FileUnreadable(path, e);
        }
    }

    /// <summary>The file's SHA-256, read whole before the upload is created: for a server that needs it at creation.</summary>
    private static async Task<string> HashFileAsync(string path, CancellationToken ct)
    {
        try
        {
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1024 * 1024, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (file.ConfigureAwait(false))
            {
                var hash = await SHA256.HashDataAsync(file, ct).ConfigureAwait(false);
                return Convert.ToHexStringLower(hash); // polyfilled where the runtime lacks it (Polyfills/)
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw FileUnreadable(path, e);
        }
    }

    private static DiagnosticException FileUnreadable(string path, Exception e) =>
        DiagnosticException.Create(PlatformDiagnostics.FileUnreadable, new SourceLocation(path), path,
            e is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : e.Message);

    /// <summary>Creates the upload: without its SHA-256, unless the server needs it then (found out here, once per client).</summary>
    private async Task<string> CreateAsync(string path, UploadPlan plan, string what, CancellationToken ct)
    {
        var response = await PostCreateAsync(path, plan, what, ct).ConfigureAwait(false);
        try
        {
            if (plan.Sha256AtCreate is null && await NeedsHashAtCreateAsync(response, ct).ConfigureAwait(false))
            {
                connection.HashBeforeCreate = true;
                plan.Sha256AtCreate = await HashFileAsync(path, ct).ConfigureAwait(false);
                response.Dispose();
                response = await PostCreateAsync(path, plan, what, ct).ConfigureAwait(false);
            }

            return await ReadCreatedAsync(response, path, plan.Length, what, ct).ConfigureAwait(false);
        }
        finally
        {
            response.Dispose();
        }
    }

    private Task<HttpResponseMessage> PostCreateAsync(string path, UploadPlan plan, string what, CancellationToken ct) =>
        // Retrying a create at worst leaves an unused upload that the server expires.
        connection.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, "api/v1/uploads")
            {
                Content = JsonContent.Create(new CreateUploadRequest(plan.Length, plan.Sha256AtCreate, Path.GetFileName(path)), PlatformJson.Default.CreateUploadRequest),
            },
            what,
            idempotent: true,
            ct);

    /// <summary>
    /// Whether a create without a SHA-256 was refused as a server before the extension refuses it: 400
    /// "malformed request" (OCP5107; the length is positive and the body well-formed, so the missing hash is why).
    /// </summary>
    private static async Task<bool> NeedsHashAtCreateAsync(HttpResponseMessage response, CancellationToken ct)
    {
        if (response.StatusCode != HttpStatusCode.BadRequest)
        {
            return false;
        }

        await response.Content.LoadIntoBufferAsync().ConfigureAwait(false); // read again for the error, if it is not that
        var body = await PlatformConnection.ReadErrorBodyAsync(response, ct).ConfigureAwait(false);
        return body?.Code is null || body.Code == ServerDiagnostics.MalformedRequest.Code;
    }

    private async Task<string> ReadCreatedAsync(HttpResponseMessage response, string path, long length, string what, CancellationToken ct)
    {
        if (response.StatusCode == HttpStatusCode.RequestEntityTooLarge)
        {
            throw await TooLargeAsync(response, path, length, ct).ConfigureAwait(false);
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await connection.ErrorFromResponseAsync(response, what, 1, ct).ConfigureAwait(false);
        }

        var state = await connection.ReadJsonAsync(response, PlatformJson.Default.UploadState, what, ct).ConfigureAwait(false);
        return string.IsNullOrEmpty(state.UploadId)
            ? throw DiagnosticException.Create(PlatformDiagnostics.InvalidResponse, SourceLocation.None, Server, what, "no uploadId in the answer")
            : state.UploadId;
    }

    /// <summary>The server's offset of an upload, or null when the server no longer has it.</summary>
    private async Task<long?> GetOffsetAsync(string uploadId, string what, CancellationToken ct)
    {
        using var response = await connection.SendAsync(() => new HttpRequestMessage(HttpMethod.Head, UploadPath(uploadId)), what, idempotent: true, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await connection.ErrorFromResponseAsync(response, what, 1, ct).ConfigureAwait(false);
        }

        return ReadOffset(response, what)
            ?? throw DiagnosticException.Create(PlatformDiagnostics.InvalidResponse, SourceLocation.None, Server, what, "no Upload-Offset header");
    }

    private long? ReadOffset(HttpResponseMessage response, string what)
    {
        if (!response.Headers.TryGetValues(UploadOffsetHeader, out var values))
        {
            return null;
        }

        var text = values.FirstOrDefault();
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            ? offset
            : throw DiagnosticException.Create(PlatformDiagnostics.InvalidResponse, SourceLocation.None, Server, what, $"Upload-Offset '{text}' is not a number");
    }

    private async Task<DiagnosticException> TooLargeAsync(HttpResponseMessage response, string path, long length, CancellationToken ct)
    {
        var body = await PlatformConnection.ReadErrorBodyAsync(response, ct).ConfigureAwait(false);
        return DiagnosticException.Create(PlatformDiagnostics.UploadTooLarge, new SourceLocation(path), path, length, Server, PlatformConnection.ServerSays(body));
    }
}
