// The hardware's peak floating-point throughput for `moby bench`, independent of any GEMM library: each call runs
// a loop of fused multiply-adds on many independent accumulators (so it measures the FMA units' throughput, not
// one chain's latency) and no memory traffic. Three variants, each compiled for its instruction set and chosen at
// run time from what the CPU reports (moby_peak_supported):
//   0  AVX2 + FMA3, fp32: 12 accumulators x 8 lanes (16 ymm registers: 12 accumulators + 2 operands)
//   1  AVX-512F, fp32: 24 accumulators x 16 lanes (32 zmm registers)
//   2  AVX-512 BF16 (vdpbf16ps): 24 accumulators x 16 fp32 lanes, each lane adding two bf16 products
// The operands come from the caller so the compiler cannot fold them, and accumulator i starts at i so that the
// compiler cannot merge identical chains; with a = b = 1 accumulator i ends at i + iterations (fp32) or
// i + 2 * iterations (bf16) in every lane, which the caller can check: the FLOP count is proven, not only claimed.
#include <immintrin.h>
#include <cstdint>

namespace {

// GCC's vector extensions: one loop for both fp32 widths. Under the callers' target attributes, v * a + b on these
// types compiles to vfmadd (GNU C++ contracts multiply-adds by default); flatten inlines the loop into each caller.
typedef float Floats8 __attribute__((vector_size(32)));
typedef float Floats16 __attribute__((vector_size(64)));

template <typename V, int Accumulators>
double Fp32Loop(int64_t iterations, float a, float b, float* checksum)
{
    constexpr int lanes = sizeof(V) / sizeof(float);
    V acc[Accumulators];
    const V va = V{} + a, vb = V{} + b;
#pragma GCC unroll 24
    for (int i = 0; i < Accumulators; i++) acc[i] = V{} + static_cast<float>(i);
    for (int64_t n = 0; n < iterations; n++)
    {
#pragma GCC unroll 24
        for (int i = 0; i < Accumulators; i++) acc[i] = acc[i] * va + vb;
    }
    float total = 0;
    for (int i = 0; i < Accumulators; i++)
        for (int lane = 0; lane < lanes; lane++) total += acc[i][lane];
    *checksum = total;
    return 2.0 * lanes * Accumulators * static_cast<double>(iterations);
}

__attribute__((target("avx2,fma"), flatten)) double Avx2(int64_t iterations, float a, float b, float* checksum)
{
    return Fp32Loop<Floats8, 12>(iterations, a, b, checksum);
}

__attribute__((target("avx512f"), flatten)) double Avx512(int64_t iterations, float a, float b, float* checksum)
{
    return Fp32Loop<Floats16, 24>(iterations, a, b, checksum);
}

// Each lane of vdpbf16ps adds two bf16 products to an fp32 accumulator: 2 multiplies + 2 adds.
__attribute__((target("avx512f,avx512bf16"))) double Avx512Bf16(int64_t iterations, float a, float b, float* checksum)
{
    constexpr int accumulators = 24;
    __m512 acc[accumulators];
    const __m512bh va = _mm512_cvtne2ps_pbh(_mm512_set1_ps(a), _mm512_set1_ps(a));
    const __m512bh vb = _mm512_cvtne2ps_pbh(_mm512_set1_ps(b), _mm512_set1_ps(b));
#pragma GCC unroll 24
    for (int i = 0; i < accumulators; i++) acc[i] = _mm512_set1_ps(static_cast<float>(i));
    for (int64_t n = 0; n < iterations; n++)
    {
#pragma GCC unroll 24
        for (int i = 0; i < accumulators; i++) acc[i] = _mm512_dpbf16_ps(acc[i], va, vb);
    }
    __m512 sum = _mm512_setzero_ps();
    for (__m512 partial : acc) sum = _mm512_add_ps(sum, partial);
    *checksum = _mm512_reduce_add_ps(sum);
    return 4.0 * 16 * accumulators * static_cast<double>(iterations);
}

} // namespace

extern "C" {

/// 1 when the CPU (and the OS, for the wide registers' state) supports the variant, else 0.
__attribute__((visibility("default"))) int moby_peak_supported(int variant)
{
    __builtin_cpu_init();
    switch (variant)
    {
        case 0: return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
        case 1: return __builtin_cpu_supports("avx512f");
        case 2: return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bf16");
        default: return 0;
    }
}

/// Runs the variant's loop for `iterations` rounds on the calling thread; returns the floating-point operations it
/// performed (2 per multiply-add) and stores the sum of every accumulator lane in *checksum. -1 for an unsupported
/// variant (never executes an instruction the CPU lacks).
__attribute__((visibility("default"))) double moby_peak_run(int variant, int64_t iterations, float a, float b, float* checksum)
{
    if (iterations < 0 || !moby_peak_supported(variant)) return -1;
    switch (variant)
    {
        case 0: return Avx2(iterations, a, b, checksum);
        case 1: return Avx512(iterations, a, b, checksum);
        default: return Avx512Bf16(iterations, a, b, checksum);
    }
}

}
