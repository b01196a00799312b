using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
using CaseDesk.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace CaseDesk.Web.Security;

/// <summary>
/// The audit entry for a page or file a signed-in user was refused: a typed URL, a bookmark or a crafted request to
/// another role's page or export leaves the same trace as a refused action in a domain service.
/// </summary>
public static class RefusalAudit
{
    public const string PageEntity = "Page";

    public static Task RecordPageAsync(CaseDeskDbFactory db, Actor actor, string pathAndQuery, CancellationToken ct = default) =>
        db.RefuseAsync(actor, PageEntity, pathAndQuery, DomainError.Forbidden("您的角色不能開啟這個頁面或檔案。"), ct, "OpenPage");
}

/// <summary>Audits the authorization middleware's refusals of signed-in users (pages loaded by URL, exports, Hangfire), then answers as usual.</summary>
public sealed class AuditingAuthorizationResultHandler(CaseDeskDbFactory db, ILogger<AuditingAuthorizationResultHandler> log) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true)
        {
            try
            {
                await RefusalAudit.RecordPageAsync(db, ActorAccessor.FromPrincipal(context.User), context.Request.Path + context.Request.QueryString, context.RequestAborted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The refusal itself must still be answered; the failure to record it is logged for the operator.
                log.LogError(e, "Could not audit a refused request to {Path}", context.Request.Path.Value);
            }
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
