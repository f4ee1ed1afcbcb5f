namespace Moby.Interop;

/// <summary>A problem found inside a .pth file's pickle; <see cref="PthFile"/> turns it into a <see cref="CheckpointFormatException"/> naming the file.</summary>
sealed class BadPickleException(string problem) : Exception(problem);
