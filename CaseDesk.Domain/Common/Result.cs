namespace CaseDesk.Domain.Common;

/// <summary>An expected failure: what the user did that cannot be accepted, with the field it concerns.</summary>
/// <param name="Code">Stable key, also the resource key for translated messages.</param>
/// <param name="Message">The message in Traditional Chinese, ready to show a clerk.</param>
/// <param name="Field">The form field it belongs to, or null for the whole form.</param>
public sealed record DomainError(string Code, string Message, string? Field = null)
{
    public static DomainError Forbidden(string message = "您沒有執行此操作的權限。") => new("forbidden", message);

    public static DomainError NotFound(string message = "找不到這筆資料，可能已被刪除。") => new("not_found", message);
}

public class Result
{
    private static readonly Result SuccessResult = new([]);

    protected Result(IReadOnlyList<DomainError> errors) => Errors = errors;

    public IReadOnlyList<DomainError> Errors { get; }

    public bool Succeeded => Errors.Count == 0;

    /// <summary>True when the failure is a concurrent edit: the caller should reload and keep the user's input.</summary>
    public bool IsConflict => Errors.Any(e => e.Code == ConcurrencyConflict.Code);

    public static Result Success() => SuccessResult;

    public static Result Fail(params DomainError[] errors) => new(errors);

    public static Result Fail(IReadOnlyList<DomainError> errors) => new(errors);

    public static Result<T> Success<T>(T value) => Result<T>.From(value);

    public override string ToString() => Succeeded ? "Success" : string.Join("; ", Errors.Select(e => e.Message));
}

public sealed class Result<T> : Result
{
    private readonly T? _value;

    private Result(T? value, IReadOnlyList<DomainError> errors) : base(errors) => _value = value;

    public T Value => Succeeded ? _value! : throw new InvalidOperationException($"Result has no value: {this}");

    public static Result<T> From(T value) => new(value, []);

    public static new Result<T> Fail(params DomainError[] errors) => new(default, errors);

    public static new Result<T> Fail(IReadOnlyList<DomainError> errors) => new(default, errors);

    public static implicit operator Result<T>(DomainError error) => Fail(error);
}

/// <summary>Accumulates validation errors so a form shows all of them at once.</summary>
public sealed class ErrorList
{
    private readonly List<DomainError> _errors = [];

    public bool Any => _errors.Count > 0;

    public IReadOnlyList<DomainError> Items => _errors;

    public void Add(DomainError error) => _errors.Add(error);

    public void Add(string code, string message, string? field = null) => _errors.Add(new DomainError(code, message, field));

    public void AddIf(bool condition, string code, string message, string? field = null)
    {
        if (condition)
        {
            Add(code, message, field);
        }
    }
}
