namespace Extension._1
{
    /// <summary>
    /// The implementation of ExtensionName1's actions: one method per action of extension.xml, with the
    /// signature of the generated interface IExtensionName1. The build adds a method here for each new action.
    /// </summary>
    public partial class ExtensionName1Actions : IExtensionName1
    {
        [ActionKey("act-greet")]
        public void Greet(string personName, out string greeting)
        {
            greeting = "Hello, " + personName + "!";
        }
    }
}
