using Xunit;

namespace Moby.Tests.Distributed;

/// <summary>A test that needs Open MPI's mpirun; skipped, saying why, only where it is not installed (CI installs it).</summary>
public sealed class MpiFactAttribute : FactAttribute
{
    public MpiFactAttribute()
    {
        if (MpiRun.Executable is null) Skip = "mpirun is not installed (apt-get install openmpi-bin libopenmpi-dev)";
    }
}
