using Microsoft.Playwright;

namespace CaseDesk.Tests.Browser;

public static class PageExtensions
{
    private const string Explain = """
        () => {
          const texts = sel => [...document.querySelectorAll(sel)].filter(e => e.checkVisibility()).map(e => e.innerText.trim()).filter(t => t.length > 0);
          return JSON.stringify({
            alerts: texts('.mud-alert'),
            fieldErrors: texts('.mud-input-helper-text.mud-input-error, .mud-input-error .mud-input-helper-text'),
            snackbars: texts('.mud-snackbar'),
            dialogs: texts('.mud-dialog .mud-dialog-title'),
            heading: texts('h1'),
            reconnect: texts('#components-reconnect-modal'),
          });
        }
        """;

    /// <summary>
    /// Waits for <paramref name="selector"/> to be visible. When it never appears, the failure says what the
    /// page showed instead (address, alerts, field errors, snackbars, open dialogs) and where its screenshot is:
    /// a timeout on a loaded CI machine must be explainable from the test output alone.
    /// </summary>
    public static async Task<IElementHandle?> SeeAsync(this IPage page, string selector, float? timeout = null)
    {
        try
        {
            return await page.WaitForSelectorAsync(selector, new PageWaitForSelectorOptions { Timeout = timeout });
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"'{selector}' did not appear on {page.Url}. The page showed: {await DescribeAsync(page)}", ex);
        }
    }

    public static async Task<string> DescribeAsync(IPage page)
    {
        string shown;
        try
        {
            shown = await page.EvaluateAsync<string>(Explain);
        }
        catch (PlaywrightException e)
        {
            shown = "(page could not be read: " + e.Message + ")";
        }

        try
        {
            var shot = await BrowserHost.ScreenshotAsync(page, "failure-" + DateTime.UtcNow.Ticks);
            return shown + "; screenshot " + shot;
        }
        catch (PlaywrightException)
        {
            return shown;
        }
    }
}
