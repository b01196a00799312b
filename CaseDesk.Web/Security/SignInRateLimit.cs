using System.Threading.RateLimiting;
using CaseDesk.Domain.Users;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace CaseDesk.Web.Security;

/// <summary>
/// Sign-in form posts per client address and minute (<see cref="SecurityOptions.SignInAttemptsPerMinute"/>): a
/// password-guessing script is slowed down before the account lockout even counts. Other requests are not limited.
/// Behind a reverse proxy the client address is the proxy's unless forwarded headers are configured (README).
/// </summary>
public static class SignInRateLimit
{
    public const string LoginPath = "/Account/Login";

    public static bool IsSignInPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals(LoginPath, StringComparison.OrdinalIgnoreCase);

    public const string CounterSurveyPath = "/survey";

    /// <summary>The counter tablet's questionnaire posts are limited per client address too (ServiceQuality:CounterSurveysPerMinute).</summary>
    public static bool IsCounterSurveyPost(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && request.Path.Equals(CounterSurveyPath, StringComparison.OrdinalIgnoreCase);

    public static void AddCaseDeskSignInRateLimit(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecurityOptions>, IOptions<Domain.ServiceQuality.ServiceQualityOptions>>((o, security, quality) =>
        {
            var perMinute = security.Value.SignInAttemptsPerMinute;
            var surveysPerMinute = quality.Value.CounterSurveysPerMinute;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                IsSignInPost(context.Request)
                    ? RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = perMinute,
                        Window = TimeSpan.FromMinutes(1),
                        QueueLimit = 0,
                    })
                    : IsCounterSurveyPost(context.Request)
                        ? RateLimitPartition.GetFixedWindowLimiter("survey:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown"), _ => new FixedWindowRateLimiterOptions
                        {
                            PermitLimit = surveysPerMinute,
                            Window = TimeSpan.FromMinutes(1),
                            QueueLimit = 0,
                        })
                        : RateLimitPartition.GetNoLimiter(""));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (rejected, ct) =>
            {
                var context = rejected.HttpContext;
                if (IsCounterSurveyPost(context.Request))
                {
                    context.Response.Headers.RetryAfter = "60";
                    context.Response.ContentType = "text/html; charset=utf-8";
                    await context.Response.WriteAsync(
                        "<!DOCTYPE html><html lang=\"zh-TW\"><head><meta charset=\"utf-8\"><title>問卷送出過於頻繁</title></head><body>"
                        + "<h1>問卷送出過於頻繁</h1><p id=\"survey-throttled\">這個位址一分鐘內送出的問卷已達上限，請稍候一分鐘再填寫。</p>"
                        + "<p><a href=\"/survey\">回到問卷</a></p></body></html>", ct);
                    return;
                }

                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SignInRateLimit))
                    .LogWarning("Sign-in attempts from {Address} over the limit of {Limit} a minute.", context.Connection.RemoteIpAddress, perMinute);
                context.Response.Headers.RetryAfter = "60";
                context.Response.ContentType = "text/html; charset=utf-8";
                await context.Response.WriteAsync(
                    "<!DOCTYPE html><html lang=\"zh-TW\"><head><meta charset=\"utf-8\"><title>登入嘗試過於頻繁</title></head><body>"
                    + $"<h1>登入嘗試過於頻繁</h1><p id=\"sign-in-throttled\">這個位址一分鐘內已嘗試登入超過 {perMinute} 次，請一分鐘後再試。</p>"
                    + "<p><a href=\"/Account/Login\">回到登入頁</a></p></body></html>", ct);
            };
        });
    }
}
