namespace OneClickPublish.Net472.Harness;

/// <summary>
/// <c>mono OneClickPublish.Net472.Harness.exe &lt;root&gt;</c>: does Core's work on every case folder under the root
/// (see <see cref="CoreWork"/>), prints the report and writes it to root/report.txt. Exit code 0 when the run
/// completed (a case's verify errors are results, not failures), 1 when the harness itself failed.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length != 1 || !Directory.Exists(args[0]))
        {
            Console.Error.WriteLine("usage: OneClickPublish.Net472.Harness <folder of case folders>");
            return 2;
        }

        try
        {
            var report = CoreWork.Run(args[0]);
            Console.Out.Write(report);
            return 0;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine(e);
            return 1;
        }
    }
}
