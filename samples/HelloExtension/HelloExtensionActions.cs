using System.Globalization;
using System.Text;

namespace HelloExtension;

/// <summary>The implementation of HelloExtension's actions. OneClickPublish adds stubs here when the definition gains actions.</summary>
public partial class HelloExtensionActions : IHelloExtension
{
    [ActionKey("act-sayhello")]
    public void SayHello(string personName, int times, out string greeting)
    {
        // One greeting at least, even when asked for none: callers display the result as is.
        var builder = new StringBuilder();
        for (var i = 0; i < Math.Max(1, times); i++)
        {
            builder.Append(CultureInfo.InvariantCulture, $"Hello, {personName}! ");
        }

        greeting = builder.ToString().TrimEnd();
    }

    [ActionKey("act-describe")]
    public void Describe(Person who, out string text)
    {
        text = who.BirthDate == default
            ? who.Name
            : string.Create(CultureInfo.InvariantCulture, $"{who.Name}, born {who.BirthDate:yyyy-MM-dd}");
    }
}
