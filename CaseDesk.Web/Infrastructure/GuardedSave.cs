using CaseDesk.Domain.Common;
using CaseDesk.Domain.Data;
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

    public const string AlreadySavedCode = "already_saved";

    private static DomainError Unexpected => new(Code, "儲存時發生錯誤，資料沒有變更；您輸入的內容仍保留在畫面上，請稍後再試。若一再發生，請洽系統管理員。");

    /// <summary>
    /// The database restarting or out of reach. Usually nothing was saved; if the connection broke while the commit was
    /// under way it may have been. The input stays, and pressing 儲存 again is safe: a form that creates something sends the
    /// same submission key again (see <see cref="Submission"/>), so it is never created twice, and an edit carries the
    /// version it was loaded at, so it is never applied twice.
    /// </summary>
    private static DomainError Unavailable => new(UnavailableCode, "資料庫連線中斷，正在重新連線；這次的儲存可能沒有完成。您輸入的內容仍保留在畫面上，請稍候數秒再按一次儲存，系統不會重複儲存同一筆資料。");

    private static DomainError AlreadySaved(DuplicateSubmissionException ex) =>
        new(AlreadySavedCode, $"這筆資料在連線中斷前已經儲存完成（{ex.EntityType} {ex.EntityId}），沒有重複儲存；請重新整理畫面查看。");

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

    /// <summary>
    /// A save that creates something, under the form's <paramref name="submission"/> key: chosen once when the form opens
    /// and sent again when the clerk presses 儲存 again, so a save whose answer was lost is not created a second time. When
    /// the first press did go through, this answers as that press would have: with the new record's number.
    /// </summary>
    public static async Task<Result<int>> RunAsync<TEntity>(Guid submission, Func<Task<Result<int>>> save, ILogger logger)
        where TEntity : Entity
    {
        try
        {
            using var _ = SubmissionScope.Begin<TEntity>(submission);
            return await save();
        }
        catch (DuplicateSubmissionException ex)
        {
            logger.LogInformation("Submission {Key} was saved before as {EntityType} {EntityId}: not saved again", ex.Key, ex.EntityType, ex.EntityId);
            return int.TryParse(ex.EntityId, System.Globalization.CultureInfo.InvariantCulture, out var id) ? Result.Success(id) : Result<int>.Fail(AlreadySaved(ex));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Result<int>.Fail(ErrorFor(ex, logger));
        }
    }
}
