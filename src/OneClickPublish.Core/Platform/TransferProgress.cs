namespace OneClickPublish.Platform;

/// <summary>How far an upload has come: bytes the server has acknowledged or that are on their way.</summary>
public readonly record struct TransferProgress(long BytesTransferred, long TotalBytes)
{
    public double Fraction => TotalBytes <= 0 ? 1 : (double)BytesTransferred / TotalBytes;

    public int Percent => (int)Math.Floor(Fraction * 100);
}
