using System.IO.Compression;
using System.Text;

namespace OneClickPublish.Tests.IntegrationStudio;

/// <summary>
/// Integration Studio .xif files written by hand from the format page (../shared/integration-studio-xif.md),
/// never by our exporter: the XML below is typed out element by element, and <see cref="Compress"/> frames
/// it the way Integration Studio does (UTF-8 with a BOM, CRLF, one zlib stream starting 78 DA).
/// </summary>
internal static class StudioXifFixtures
{
    // Resource contents, decoded; the XML carries their base64 on one line.
    /// <summary>The original implementation, as Integration Studio's template writes it (tabs, CRLF, vendor usings).</summary>
    public static readonly byte[] GeoCs = Encoding.UTF8.GetBytes("""
        using System;
        using System.Collections;
        using OutSystems.HubEdition.RuntimePlatform;
        using OutSystems.RuntimePublic.Db;

        namespace OutSystems.NssGeo {

        	public class CssGeo: IssGeo {

        		/// <summary>
        		/// Kilometres between two points
        		/// </summary>
        		public void MssDistance(RCPointRecord ssFrom, out decimal ssKm, RCPointRecord ssTo) {
        			ssKm = 0.0M;
        			ssKm = (decimal) Math.Abs(ssFrom.ssSTPoint.ssLat - ssTo.ssSTPoint.ssLat) * 111;
        		} // MssDistance

        		public void MssDescribe(out string ssSummary, string ssOrientation, string ssTag, int ssCount, int ssOffset, bool ssVerbose, long ssBig, decimal ssAmount, DateTime ssWhen, DateTime ssDay, byte[] ssBlob, object ssAnything, RLPointRecordList ssPoints, out RCRouteRecord ssPath) {
        			ssSummary = ssOrientation + "/" + ssTag + "/" + (ssCount + ssOffset).ToString() + (ssVerbose ? "!" : "");
        			ssPath = null;
        		} // MssDescribe

        		public void MssCountRows(string ssPath, out int ssRows) {
        			ssRows = Sheets.Reader.CountRows(ssPath);
        		} // MssCountRows

        	} // CssGeo

        } // OutSystems.NssGeo

        """.Replace("\n", "\r\n", StringComparison.Ordinal));

    public static readonly byte[] GeoCsproj = Encoding.UTF8.GetBytes("<Project ToolsVersion=\"15.0\">\r\n  <PropertyGroup>\r\n    <TargetFrameworkVersion>v4.7.2</TargetFrameworkVersion>\r\n  </PropertyGroup>\r\n</Project>\r\n");
    public static readonly byte[] Icon = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52];
    public static readonly byte[] EpplusDll = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF];
    public static readonly byte[] CompiledDll = [0x4D, 0x5A, 0x90, 0x00, 0x01, 0x02, 0x03];

    public const string ExtensionKey = "Sx3kQ0dZ7UaPq1u9cB2mWg";
    public const string PointKey = "pT0iNtKeY0000000000001";
    public const string RouteKey = "r0UtEkEy00000000000002";
    public const string IconKey = "iC0nKeY000000000000003";

    /// <summary>
    /// The Geo extension: interleaved parameters (an output first), a function with an icon, every data
    /// type and expression kind, a structure referring forward to one declared later, an attribute named
    /// like its structure, an empty resource, a CodeReference assembly and an action imported from .NET.
    /// </summary>
    public static string GeoXml => $$"""
        <?xml version="1.0" encoding="utf-8"?>
        <Extension Key="{{ExtensionKey}}" CodeKey="4390E34A-6719-45EE-AB5D-4EF5709B6D82" Name="Geo" ApplicationServerType="NET" Database="All" System="No" Valid="Yes" Description="Distances &amp; routes, &quot;quoted&quot;&#xD;&#xA;second line" LastUpgradeVersion="11.0.0.200" ActivationCode="AC1-1234-ABCD" IsOpenSourceProduct="No" Generation="17" Hash="q1w2e3r4t5y6u7i8o9p0aA==" Version="11.14.25.134" LastModifiedUTC="2024-03-01 10:00:00" DirectUpgradeFrom="">
          <Resources>
            <Resource Key="reS0urce00000000000001" Filename="Geo.cs" Description="" ImportDetails="" CompileAction="Ignore" LastModified="2024-03-01 10:00:00" Path="\Source\NET\" CodeReference="No">
              <Data>{{B64(GeoCs)}}</Data>
              <References />
            </Resource>
            <Resource Key="reS0urce00000000000002" Filename="Geo.csproj" Description="" ImportDetails="" CompileAction="Ignore" LastModified="2024-03-01 10:00:00" Path="\Source\NET\" CodeReference="No">
              <Data>{{B64(GeoCsproj)}}</Data>
              <References />
            </Resource>
            <Resource Key="reS0urce00000000000003" Filename="%Name%.cs" Description="" ImportDetails="" CompileAction="Ignore" LastModified="2024-03-01 10:00:00" Path="\Source\NET\" CodeReference="No">
              <Data></Data>
              <References />
            </Resource>
            <Resource Key="{{IconKey}}" Filename="geo.png" Description="The icon" ImportDetails="" CompileAction="Images" LastModified="2024-03-01 10:00:00" Path="\Icons\" CodeReference="No">
              <Data>{{B64(Icon)}}</Data>
              <References />
            </Resource>
            <Resource Key="reS0urce00000000000005" Filename="EPPlus.dll" Description="" ImportDetails="" CompileAction="Binaries" LastModified="2023-11-20 08:30:00" Path="\Source\NET\Bin\" CodeReference="Yes">
              <Data>{{B64(EpplusDll)}}</Data>
              <References>
                <Reference Key="rEf0000000000000000001" Name="System.Xml" />
              </References>
            </Resource>
            <Resource Key="reS0urce00000000000006" Filename="OutSystems.NssGeo.dll" Description="" ImportDetails="" CompileAction="Binaries" LastModified="2024-03-01 10:00:00" Path="\Source\NET\Bin\" CodeReference="No">
              <Data>{{B64(CompiledDll)}}</Data>
              <References />
            </Resource>
          </Resources>
          <Actions>
            <Action Key="aCt10n0000000000000001" Name="Distance" Description="Kilometres between two points" ImportDetails="" IsFunction="Yes" Icon="{{IconKey}}">
              <Body></Body>
              <JavaBody></JavaBody>
              <Variables>
                <InputParameter Key="pArAm00000000000000001" Name="From" Description="" IsMandatory="Yes" Type="rtRecord" Default="" RecordType="{{PointKey}},">
                  <Expression Name="Default" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                </InputParameter>
                <OutputParameter Key="pArAm00000000000000002" Name="Km" Description="" Type="rtDecimal" Default="" RecordType="">
                  <Expression Name="Default" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                </OutputParameter>
                <InputParameter Key="pArAm00000000000000003" Name="To" Description="" IsMandatory="Yes" Type="rtRecord" Default="" RecordType="{{PointKey}},">
                  <Expression Name="Default" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                </InputParameter>
              </Variables>
            </Action>
            <Action Key="aCt10n0000000000000002" Name="Describe" Description="" ImportDetails="" IsFunction="No">
              <Body></Body>
              <JavaBody></JavaBody>
              <Variables>
                <OutputParameter Key="pArAm00000000000000010" Name="Summary" Description="" Type="rtText" Default="" RecordType="">
                  <Expression Name="Default" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                </OutputParameter>
                <InputParameter Key="pArAm00000000000000011" Name="Orientation" Description="" IsMandatory="No" Type="rtText" Default="&quot;Portrait&quot;" RecordType="">
                  <Expression Name="Default" StringText="&quot;Portrait&quot;"><Text position="1" value="Portrait" Type="rtText"></Text></Expression>
                </InputParameter>
                <InputParameter Key="pArAm00000000000000012" Name="Tag" Description="" IsMandatory="No" Type="rtText" Default="&quot;&quot;" RecordType="">
                  <Expression Name="Default" StringText="&quot;&quot;"><Text position="1" value="" Type="rtText"></Text></Expression>
                </InputParameter>
                <InputParameter Key="pArAm00000000000000013" Name="Count" Description="" IsMandatory="No" Type="rtInteger" Default="3" RecordType="">
                  <Expression Name="Default" StringText="3"><Integer position="1" value="3" Type="rtInteger"></Integer></Expression>
                </InputParameter>
                <InputParameter Key="pArAm00000000000000014" Name="Offset" Description="" IsMandatory="No" Type="rtInteger" Default="-1" RecordType="">
                  <Expression Name="Default" StringText="-1"><UnaryOperation position="1" operator="minus" Type="rtInteger"><Integer position="2" value="1" Type="rtInteger"></Integer></UnaryOperation></Expression>
                </InputParameter>
                <InputParameter Key="pArAm00000000000000015" Name="Verbose" Description="" IsMandatory="No" Type="rtBoolean" Default="False" RecordType="">
                  <Expression Name="Default" StringText="False"><Boolean position="1" value="False" Type="rtBoolean"></Boolean></Expression>
                </InputParameter>
                <InputParameter Key="pArAm00000000000000016" Name="Big" Description="" IsMandatory="No" Type="rtLongInteger" Default="" RecordType="">
                  <Expression Name="Default" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                </InputParameter>
                <InputParameter Key="pArAm00000000000000017" Name="Amount" Description="" IsMandatory="No" Type="rtDecimal" Default="" RecordType="">
                  <Expression Name="Default" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                </InputParameter>
                <InputParameter Key="pArAm00000000000000018" Name="When" Description="" IsMandatory="No" Type="rtDateTime" Default="" RecordType="">
                  <Expression Name="Default" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                </InputParameter>
                <InputParameter Key="pArAm00000000000000019" Name="Day" Description="" IsMandatory="No" Type="rtDate" Default="" RecordType="">
                  <Expression Name="Default" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                </InputParameter>
                <InputParameter Key="pArAm00000000000000020" Name="Blob" Description="" IsMandatory="No" Type="rtBinaryData" Default="" RecordType="">
                  <Expression Name="Default" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                </InputParameter>
                <InputParameter Key="pArAm00000000000000021" Name="Anything" Description="" IsMandatory="No" Type="rtObject" Default="" RecordType="">
                  <Expression Name="Default" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                </InputParameter>
                <InputParameter Key="pArAm00000000000000022" Name="Points" Description="" IsMandatory="No" Type="rtRecordList" Default="" RecordType="{{PointKey}},">
                  <Expression Name="Default" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                </InputParameter>
                <OutputParameter Key="pArAm00000000000000023" Name="Path" Description="" Type="rtRecord" Default="" RecordType="{{RouteKey}},">
                  <Expression Name="Default" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                </OutputParameter>
              </Variables>
            </Action>
            <Action Key="aCt10n0000000000000003" Name="CountRows" Description="" ImportDetails="Imported from Sheets.dll&#xD;&#xA;Method Sheets.Reader.CountRows" IsFunction="No">
              <Body>ssRows = Sheets.Reader.CountRows(ssPath);</Body>
              <JavaBody></JavaBody>
              <AssemblyObject Kind="Method">
                <Method Name="CountRows" DeclaringTypeName="Sheets.Reader" ClassName="Reader" ReturnTypeName="System.Int32" IsStatic="True">
                  <Parameter Name="path" IsByRef="False" IsOut="False" ParameterType="System.String" ParameterIsMandatory="True" />
                </Method>
              </AssemblyObject>
              <Variables>
                <InputParameter Key="pArAm00000000000000030" Name="Path" Description="" IsMandatory="Yes" Type="rtText" Default="" RecordType="">
                  <Expression Name="Default" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                </InputParameter>
                <OutputParameter Key="pArAm00000000000000031" Name="Rows" Description="" Type="rtInteger" Default="" RecordType="">
                  <Expression Name="Default" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                </OutputParameter>
              </Variables>
            </Action>
          </Actions>
          <Structures>
            <Structure Key="{{RouteKey}}" Name="Route" Description="Refers to Point, declared after it" ImportDetails="">
              <Attribute Key="aTtr000000000000000001" Name="Start" Description="" IsMandatory="Yes" Type="rtRecord" DefaultValue="" Decimals="" Length="" RecordType="{{PointKey}},">
                <Expression Name="DefaultValue" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                <Expression Name="Decimals" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                <Expression Name="Length" StringText=""><Empty position="1" Type="rtNone" /></Expression>
              </Attribute>
              <Attribute Key="aTtr000000000000000002" Name="Stops" Description="" IsMandatory="No" Type="rtRecordList" DefaultValue="" Decimals="" Length="" RecordType="{{PointKey}},">
                <Expression Name="DefaultValue" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                <Expression Name="Decimals" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                <Expression Name="Length" StringText=""><Empty position="1" Type="rtNone" /></Expression>
              </Attribute>
              <Attribute Key="aTtr000000000000000003" Name="Label" Description="" IsMandatory="No" Type="rtText" DefaultValue="&quot;unnamed&quot;" Decimals="" Length="100" RecordType="">
                <Expression Name="DefaultValue" StringText="&quot;unnamed&quot;"><Text position="1" value="unnamed" Type="rtText"></Text></Expression>
                <Expression Name="Decimals" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                <Expression Name="Length" StringText="100"><Integer position="1" value="100" Type="rtInteger"></Integer></Expression>
              </Attribute>
            </Structure>
            <Structure Key="{{PointKey}}" Name="Point" Description="" ImportDetails="">
              <Attribute Key="aTtr000000000000000010" Name="Point" Description="Named like its structure" IsMandatory="No" Type="rtText" DefaultValue="" Decimals="" Length="50" RecordType="">
                <Expression Name="DefaultValue" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                <Expression Name="Decimals" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                <Expression Name="Length" StringText="50"><Integer position="1" value="50" Type="rtInteger"></Integer></Expression>
              </Attribute>
              <Attribute Key="aTtr000000000000000011" Name="Lat" Description="" IsMandatory="Yes" Type="rtDecimal" DefaultValue="" Decimals="" Length="" RecordType="">
                <Expression Name="DefaultValue" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                <Expression Name="Decimals" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                <Expression Name="Length" StringText=""><Empty position="1" Type="rtNone" /></Expression>
              </Attribute>
              <Attribute Key="aTtr000000000000000012" Name="Visited" Description="" IsMandatory="No" Type="rtBoolean" DefaultValue="false" Decimals="" Length="" RecordType="">
                <Expression Name="DefaultValue" StringText="false"><Boolean position="1" value="false" Type="rtBoolean"></Boolean></Expression>
                <Expression Name="Decimals" StringText=""><Empty position="1" Type="rtNone" /></Expression>
                <Expression Name="Length" StringText=""><Empty position="1" Type="rtNone" /></Expression>
              </Attribute>
            </Structure>
          </Structures>
          <Entities />
          <Technologies>
            <Technology PluginKey="OutSystems.IntegrationStudio.Plugin.UserDefined.Core" PluginVersion="11.14.25.134" Key="tEch000000000000000001" Name="Technology1" Description="">
              <Resources />
              <Actions><Action Key="aCt10n0000000000000001" /><Action Key="aCt10n0000000000000002" /></Actions>
              <Structures><Structure Key="{{RouteKey}}" /><Structure Key="{{PointKey}}" /></Structures>
              <Entities />
            </Technology>
            <Technology PluginKey="OutSystems.IntegrationStudio.Plugin.Net.Core" PluginVersion="11.14.25.134" Key="tEch000000000000000002" Name="Technology2" Description="">
              <Resources />
              <Actions><Action Key="aCt10n0000000000000003" /></Actions>
              <Structures />
              <Entities />
            </Technology>
          </Technologies>
        </Extension>
        """;

    /// <summary>
    /// The file the other writer saved: another attribute order, an extra lower-case version="", line
    /// breaks inside empty elements, no BOM. Its meaning is a one-action extension.
    /// </summary>
    public const string OtherWriterXml = """
        <?xml version="1.0" encoding="utf-8"?>
        <Extension Name="Tiny" version="" Key="tIny0000000000000000EX" Version="11.10.2.1" CodeKey="0A1B2C3D-0000-4000-8000-000000000001" Description="" Generation="2" Hash="" LastModifiedUTC="2022-01-01 00:00:00" ApplicationServerType="NET" Database="All" System="No" Valid="Yes" LastUpgradeVersion="11.0.0.200" ActivationCode="" IsOpenSourceProduct="No" DirectUpgradeFrom="">
          <Resources>
          </Resources>
          <Actions>
            <Action IsFunction="No" Name="Ping" Key="tIny0000000000000000A1" Description="" ImportDetails="">
              <Body>
              </Body>
              <JavaBody />
              <Variables>
                <OutputParameter Type="rtBoolean" Name="Ok" Key="tIny0000000000000000P1" Description="" Default="" RecordType="">
                  <Expression StringText="" Name="Default">
                    <Empty Type="rtNone" position="1" />
                  </Expression>
                </OutputParameter>
              </Variables>
            </Action>
          </Actions>
          <Structures>
          </Structures>
          <Entities>
          </Entities>
          <Technologies>
          </Technologies>
        </Extension>
        """;

    /// <summary>The XML as Integration Studio stores it: UTF-8 with a BOM, CRLF line ends, no line end after the root.</summary>
    public static byte[] Utf8WithBom(string xml, bool bom = true)
    {
        var crlf = xml.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(crlf);
        return bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
    }

    /// <summary>One zlib stream of <paramref name="xml"/>'s bytes (header 78 DA at the smallest-size level).</summary>
    public static byte[] Compress(byte[] xml)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(xml);
        }

        return output.ToArray();
    }

    public static byte[] Xif(string xml, bool bom = true) => Compress(Utf8WithBom(xml, bom));

    public static byte[] Geo() => Xif(GeoXml);

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes);
}
