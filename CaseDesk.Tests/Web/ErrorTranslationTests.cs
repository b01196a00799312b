using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using CaseDesk.Domain.Common;
using CaseDesk.Web.Infrastructure;
using CaseDesk.Web.Resources;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CaseDesk.Tests.Web;

/// <summary>Every error code the domain can raise has an English text, so the English UI never falls back to Chinese.</summary>
public sealed class ErrorTranslationTests
{
    // The ways CaseDesk.Domain names an error code: new DomainError("code", …), a target-typed new("code", …) where a
    // DomainError is declared on the line, ErrorList.Add/AddIf("code", …), the Refuse("code", …) helpers, const Code = "code".
    private static readonly Regex[] CodePatterns =
    [
        new(@"new\s+DomainError\(\s*""([a-z][a-z0-9_]*)"""),
        new(@"DomainError\b[^\n;]*?\bnew\(\s*""([a-z][a-z0-9_]*)""\s*,"),
        new(@"\b(?:Add|Refuse)\(\s*""([a-z][a-z0-9_]*)""\s*,"),
        new(@"\bAddIf\([^;""]*?,\s*""([a-z][a-z0-9_]*)""\s*,"),
        new(@"const string Code = ""([a-z][a-z0-9_]*)"""),
    ];

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CaseDesk.sln")))
            {
                return dir.FullName;
            }
        }

        throw new FileNotFoundException("CaseDesk.sln not found above " + AppContext.BaseDirectory);
    }

    private static SortedDictionary<string, string> DomainCodes()
    {
        var domain = Path.Combine(RepoRoot(), "CaseDesk.Domain");
        var codes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(domain, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(domain, file);
            if (relative.StartsWith("bin", StringComparison.Ordinal) || relative.StartsWith("obj", StringComparison.Ordinal))
            {
                continue;
            }

            var text = File.ReadAllText(file);
            foreach (var pattern in CodePatterns)
            {
                foreach (Match m in pattern.Matches(text))
                {
                    codes.TryAdd(m.Groups[1].Value, relative);
                }
            }
        }

        return codes;
    }

    [Fact]
    public void EveryDomainErrorCode_HasAnEnglishText()
    {
        var codes = DomainCodes();
        // The scan itself must work: these codes are raised in very different ways.
        Assert.True(codes.Count > 300, $"only {codes.Count} codes found");
        Assert.Contains("concurrency_conflict", codes.Keys);
        Assert.Contains("forbidden", codes.Keys);
        Assert.Contains("id_length", codes.Keys);
        Assert.Contains("approval_recheck", codes.Keys);
        Assert.Contains("petition_state", codes.Keys);
        Assert.Contains("installments_min", codes.Keys);

        var tsv = File.ReadAllLines(Path.Combine(RepoRoot(), "tools", "strings.tsv"))
            .Select(line => line.Split('\t'))
            .Where(parts => parts.Length == 3 && parts[0].StartsWith("Error.", StringComparison.Ordinal))
            .ToDictionary(parts => parts[0]["Error.".Length..], parts => parts[2], StringComparer.Ordinal);
        var resources = new ResourceManager(typeof(SharedResource));
        var english = CultureInfo.GetCultureInfo("en");

        var missing = codes.Where(c => !tsv.ContainsKey(c.Key)).Select(c => $"{c.Key} ({c.Value})").ToList();
        Assert.True(missing.Count == 0, "no Error.<code> row in tools/strings.tsv for: " + string.Join(", ", missing));
        var notGenerated = codes.Keys.Where(c => string.IsNullOrEmpty(resources.GetString("Error." + c, english))).ToList();
        Assert.True(notGenerated.Count == 0, "run tools/resx.py: the English resources lack " + string.Join(", ", notGenerated));
        // No Chinese in the English texts, except an example case number (case numbers are written in Chinese).
        Assert.All(codes.Keys, c => Assert.DoesNotMatch(@"[\u3400-\u9FFF]", Regex.Replace(tsv[c], @"\d+年度\S+?字第\d+號", "")));
    }

    private static IStringLocalizer<SharedResource> Localizer() =>
        new StringLocalizer<SharedResource>(new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions()), NullLoggerFactory.Instance));

    [Theory]
    [InlineData("id_length", "身分證或居留證號應為 10 碼（1 個英文字母加 9 個數字），您輸入了 6 碼。", "A national ID or resident certificate number has 10 characters (a letter and 9 digits); you entered 6.")]
    [InlineData("ban_format", "統一編號應為 8 位數字，您輸入了「1234」。", "A business number has 8 digits; you entered \"1234\".")]
    [InlineData("adjusted_sum", "各期金額合計 NT$9,000，與應繳金額 NT$10,000 相差 NT$1,000；須剛好相符。", "The instalments add up to NT$9,000, NT$1,000 off the amount due of NT$10,000; they must match exactly.")]
    [InlineData("concurrency_conflict", "這筆資料已於 115/11/25 10:05 由 王主任 修改；請重新載入後再儲存，您輸入的內容仍保留在畫面上。", "This record was changed by 王主任 on 115/11/25 at 10:05; reload before saving. Your input is still on the screen.")]
    [InlineData("concurrency_conflict", "這筆資料已被其他人刪除；您輸入的內容仍保留在畫面上，請複製後重新載入。", "This record was deleted by someone else; your input is still on the screen: copy it, then reload.")]
    [InlineData("referred_on_future", "移送日期不可晚於今天（115/11/25）。", "The referral date cannot be after today (115/11/25).")]
    public void Text_InEnglish_CarriesTheDetailsOfTheChineseMessage(string code, string chinese, string expected)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            Assert.Equal(expected, FormErrors.Text(new DomainError(code, chinese), Localizer()));
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-TW");
            Assert.Equal(chinese, FormErrors.Text(new DomainError(code, chinese), Localizer()));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
