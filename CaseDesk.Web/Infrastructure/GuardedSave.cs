using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data.Providers;

namespace CaseDesk.Web.Infrastructure;

/// <summary>
/// Runs a save from a form or dialog: an unexpected failure (a locked database, a lost connection) becomes
/// a message beside the form instead of ending the circuit, so nothing the clerk typed is lost.
/// </summary>
public static class GuardedSave
{
    public const string Code = "unexpected";

    public const string UnavailableCode = "database_unavailable";

    private static DomainError Unexpected => new(Code, "儲存時發生錯誤，資料沒有變更；您輸入的內容仍保留在畫面上，請稍後再試。若一再發生，請洽系統管理員。");

    /// <summary>The database restarting or out of reach: nothing was saved (the transaction did not commit), the input stays, a retry will do.</summary>
    private static DomainError Unavailable => new(UnavailableCode, "資料庫連線中斷，正在重新連線；這次沒有儲存任何資料，您輸入的內容仍保留在畫面上，請稍候數秒再按一次儲存。");

    private static DomainError ErrorFor(Exception ex, ILogger logger)
    {
        if (DatabaseEngine.IsUnavailableError(ex))
        {
            logger.LogWarning("Save refused, database unavailable: {Reason}", ex.GetBaseException().Message);
            return Unavailable;
        }

        logger.LogError(ex, "Save failed");
        return Unexpected;
    }

    public static async Task<Result> RunAsync(Func<Task<Result>> save, ILogger logger)
    {
        try
        {
            return await save();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Result.Fail(ErrorFor(ex, logger));
        }
    }

    public static async Task<Result<T>> RunAsync<T>(Func<Task<Result<T>>> save, ILogger logger)
    {
        try
        {
            return await save();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Result<T>.Fail(ErrorFor(ex, logger));
        }
    }
}
