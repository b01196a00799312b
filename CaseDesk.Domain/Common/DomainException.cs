namespace CaseDesk.Domain.Common;

/// <summary>A broken invariant: code asked an entity to do something impossible. Never a user mistake.</summary>
public sealed class DomainException(string message) : Exception(message);
