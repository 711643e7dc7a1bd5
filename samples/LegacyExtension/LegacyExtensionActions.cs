using System;
using System.Globalization;
using System.Web;

namespace LegacyExtension
{
    /// <summary>The implementation of LegacyExtension's actions, in the C# 7.3 that .NET Framework projects use by default.</summary>
    public partial class LegacyExtensionActions : ILegacyExtension
    {
        [ActionKey("act-htmlencode")]
        public void HtmlEncode(string text, out string encoded)
        {
            encoded = HttpUtility.HtmlEncode(text ?? string.Empty);
        }

        [ActionKey("act-formatamount")]
        public void FormatAmount(decimal amount, string cultureName, out string text, out AmountParts parts)
        {
            var culture = CultureInfo.GetCultureInfo(string.IsNullOrEmpty(cultureName) ? "en-US" : cultureName);
            text = amount.ToString("C", culture);
            var whole = decimal.Truncate(amount);
            parts = new AmountParts
            {
                Whole = (long)whole,
                Cents = (int)Math.Abs(decimal.Round((amount - whole) * 100m, 0, MidpointRounding.AwayFromZero)),
            };
        }
    }
}
