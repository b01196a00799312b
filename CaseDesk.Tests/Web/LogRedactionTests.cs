using CaseDesk.Web.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace CaseDesk.Tests.Web;

public sealed class LogRedactionTests
{
    [Theory]
    [InlineData("查詢義務人 A123456789 的案件", "查詢義務人 A12****789 的案件")]
    [InlineData("居留證 a800000014", "居留證 A80****014")]
    [InlineData("舊式居留證 AB12345678", "舊式居留證 AB1****678")]
    [InlineData("來電 0912345678、0912-345-678", "來電 0912-***-678、0912-***-678")]
    [InlineData("市話 (03)-3345-6789 與 02-2345-6789", "市話 03-****-6789 與 02-****-6789")]
    [InlineData("Host=db1;Username=casedesk;Password=S3cret!pw;Database=casedesk", "Host=db1;Username=casedesk;Password=***;Database=casedesk")]
    [InlineData("{\"password\":\"hunter2hunter2\"}", "{\"password\":\"***\"}")]
    [InlineData("密碼: CaseDesk#2026", "密碼: ***")]
    public void PersonalDataAndSecrets_AreMasked(string text, string expected) =>
        Assert.Equal(expected, LogRedaction.Redact(text));

    [Theory]
    [InlineData("115年度健保執字第00012345號")]
    [InlineData("陳情 115陳00012 於 2026-12-07 登記")]
    [InlineData("request 7f3c2a10-5b1e-4c0d-9a8e-123456789abc took 12 ms")]
    public void CaseNumbers_DatesAndIds_AreLeftAlone(string text) =>
        Assert.Equal(text, LogRedaction.Redact(text));

    [Fact]
    public void TheConsoleFormatter_RedactsMessageAndException()
    {
        var formatter = new RedactingConsoleFormatter(new StaticOptions());
        var writer = new StringWriter();
        var exception = new InvalidOperationException("找不到 F223456789 的電話 0987654321");
        var entry = new LogEntry<string>(LogLevel.Error, "CaseDesk.Test", new EventId(7), "使用者 B123456789 登入失敗", exception, (s, _) => s);

        formatter.Write(entry, null, writer);

        var line = writer.ToString();
        Assert.Contains("fail: CaseDesk.Test[7]", line);
        Assert.Contains("使用者 B12****789 登入失敗", line);
        Assert.Contains("找不到 F22****789 的電話 0987-***-321", line);
        Assert.DoesNotContain("B123456789", line);
        Assert.DoesNotContain("0987654321", line);
    }

    private sealed class StaticOptions : IOptionsMonitor<SimpleConsoleFormatterOptions>
    {
        public SimpleConsoleFormatterOptions CurrentValue { get; } = new();

        public SimpleConsoleFormatterOptions Get(string? name) => CurrentValue;

        public IDisposable? OnChange(Action<SimpleConsoleFormatterOptions, string?> listener) => null;
    }
}
