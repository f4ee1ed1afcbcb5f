namespace Moby.Data;

/// <summary>
/// A data set cannot be used as given: wrong path, missing split, empty class folder, wrong binary layout.
/// The message names the path and what was expected, so it can be shown to the user as is.
/// </summary>
public class DataException(string message, Exception? inner = null) : Exception(message, inner);
