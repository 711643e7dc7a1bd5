using System.Net;
using System.Net.Sockets;

namespace OneClickPublish.Server.Configuration;

/// <summary>
/// Reads proxy addresses and networks strictly. <see cref="IPAddress.TryParse(string?, out IPAddress?)"/>
/// alone takes <c>10</c> for <c>0.0.0.10</c> and <c>10.1</c> for <c>10.0.0.1</c>: a typo in a trust
/// setting must be refused, not trust some other machine.
/// </summary>
public static class ProxyAddresses
{
    public const string ExpectedAddress = "an IP address such as 10.0.0.5 or 2001:db8::5";

    public const string ExpectedNetwork = "a network in CIDR notation such as 10.0.0.0/8 or 2001:db8::/32, with no bits set after the prefix";

    public static bool TryParseAddress(string? text, out IPAddress address)
    {
        address = IPAddress.None;
        if (string.IsNullOrEmpty(text) || !IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        // IPv6 is written with ':' and has no short forms to mistake; IPv4 must be four dotted numbers.
        var valid = parsed.AddressFamily == AddressFamily.InterNetworkV6
            ? text.Contains(':', StringComparison.Ordinal) && !text.Contains('%', StringComparison.Ordinal)
            : text.Split('.') is { Length: 4 } parts && parts.All(static p => p.Length is > 0 and <= 3 && p.All(char.IsAsciiDigit));
        if (valid)
        {
            address = parsed;
        }

        return valid;
    }

    public static bool TryParseNetwork(string? text, out IPNetwork network)
    {
        network = default;
        var slash = text?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return slash > 0
            && TryParseAddress(text![..slash], out var address)
            && text[(slash + 1)..] is { Length: > 0 and <= 3 } prefix && prefix.All(char.IsAsciiDigit)
            // IPNetwork refuses a prefix too long for the family, but quietly clears the bits after the
            // prefix: 10.0.0.1/8 may mean 10.0.0.0/8 or 10.0.0.1/32, so it is refused, not guessed.
            && IPNetwork.TryParse(text, out network)
            && network.BaseAddress.Equals(address);
    }
}
