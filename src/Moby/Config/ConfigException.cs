namespace Moby.Config;

/// <summary>A configuration error: the message names the file (and line) or the command-line option, and the key.</summary>
public sealed class ConfigException(string message) : Exception(message);
