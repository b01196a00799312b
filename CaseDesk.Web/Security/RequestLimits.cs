using CaseDesk.Domain.Users;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace CaseDesk.Web.Security;

/// <summary>
/// Size limits on everything a browser can send (Security:MaxRequestBodyKilobytes, MaxFormValueKilobytes,
/// MaxCircuitMessageKilobytes): HTTP bodies, form values and the messages of the live connection. Files have their own
/// limit where they are uploaded (Installments:MaxDocumentBytes, the calendar file), checked by content in the domain.
/// </summary>
public static class RequestLimits
{
    public static void AddCaseDeskRequestLimits(this IServiceCollection services, IServerSideBlazorBuilder blazor, IConfiguration config)
    {
        var limits = config.GetSection(SecurityOptions.SectionName).Get<SecurityOptions>() ?? new SecurityOptions();
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = limits.MaxRequestBodyKilobytes * 1024L);
        services.Configure<FormOptions>(o =>
        {
            o.ValueLengthLimit = limits.MaxFormValueKilobytes * 1024;
            o.MultipartBodyLengthLimit = limits.MaxRequestBodyKilobytes * 1024L;
            o.ValueCountLimit = 256;
        });
        blazor.AddHubOptions(o => o.MaximumReceiveMessageSize = limits.MaxCircuitMessageKilobytes * 1024L);
    }

    /// <summary>
    /// Refuses a declared body over the limit with 413 before anything reads it, whatever server runs the app (Kestrel
    /// also stops an undeclared, chunked body at the same size).
    /// </summary>
    public static Task RefuseOversizedAsync(HttpContext context, Func<Task> next)
    {
        var limit = context.RequestServices.GetRequiredService<IOptions<SecurityOptions>>().Value.MaxRequestBodyKilobytes * 1024L;
        if (context.Request.ContentLength > limit)
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync($"送出的資料太大（上限 {limit / 1024:N0} KB）。");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        return next();
    }
}
