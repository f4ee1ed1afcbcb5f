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

constexpr int Avx2Accumulators = 12;
constexpr int Avx512Accumulators = 24;

__attribute__((target("avx2,fma"))) double Avx2(int64_t iterations, float a, float b, float* checksum)
{
    __m256 acc[Avx2Accumulators];
    const __m256 va = _mm256_set1_ps(a), vb = _mm256_set1_ps(b);
#pragma GCC unroll 12
    for (int i = 0; i < Avx2Accumulators; i++) acc[i] = _mm256_set1_ps(static_cast<float>(i));
    for (int64_t n = 0; n < iterations; n++)
    {
#pragma GCC unroll 12
        for (int i = 0; i < Avx2Accumulators; i++) acc[i] = _mm256_fmadd_ps(acc[i], va, vb);
    }
    __m256 sum = _mm256_setzero_ps();
#pragma GCC unroll 12
    for (int i = 0; i < Avx2Accumulators; i++) sum = _mm256_add_ps(sum, acc[i]);
    alignas(32) float lanes[8];
    _mm256_store_ps(lanes, sum);
    float total = 0;
    for (float lane : lanes) total += lane;
    *checksum = total;
    return 2.0 * 8 * Avx2Accumulators * static_cast<double>(iterations);
}

__attribute__((target("avx512f"))) double Avx512(int64_t iterations, float a, float b, float* checksum)
{
    __m512 acc[Avx512Accumulators];
    const __m512 va = _mm512_set1_ps(a), vb = _mm512_set1_ps(b);
#pragma GCC unroll 24
    for (int i = 0; i < Avx512Accumulators; i++) acc[i] = _mm512_set1_ps(static_cast<float>(i));
    for (int64_t n = 0; n < iterations; n++)
    {
#pragma GCC unroll 24
        for (int i = 0; i < Avx512Accumulators; i++) acc[i] = _mm512_fmadd_ps(acc[i], va, vb);
    }
    __m512 sum = _mm512_setzero_ps();
#pragma GCC unroll 24
    for (int i = 0; i < Avx512Accumulators; i++) sum = _mm512_add_ps(sum, acc[i]);
    *checksum = _mm512_reduce_add_ps(sum);
    return 2.0 * 16 * Avx512Accumulators * static_cast<double>(iterations);
}

// Each lane of vdpbf16ps adds two bf16 products to an fp32 accumulator: 2 multiplies + 2 adds.
__attribute__((target("avx512f,avx512bf16"))) double Avx512Bf16(int64_t iterations, float a, float b, float* checksum)
{
    __m512 acc[Avx512Accumulators];
    const __m512bh va = _mm512_cvtne2ps_pbh(_mm512_set1_ps(a), _mm512_set1_ps(a));
    const __m512bh vb = _mm512_cvtne2ps_pbh(_mm512_set1_ps(b), _mm512_set1_ps(b));
#pragma GCC unroll 24
    for (int i = 0; i < Avx512Accumulators; i++) acc[i] = _mm512_set1_ps(static_cast<float>(i));
    for (int64_t n = 0; n < iterations; n++)
    {
#pragma GCC unroll 24
        for (int i = 0; i < Avx512Accumulators; i++) acc[i] = _mm512_dpbf16_ps(acc[i], va, vb);
    }
    __m512 sum = _mm512_setzero_ps();
#pragma GCC unroll 24
    for (int i = 0; i < Avx512Accumulators; i++) sum = _mm512_add_ps(sum, acc[i]);
    *checksum = _mm512_reduce_add_ps(sum);
    return 4.0 * 16 * Avx512Accumulators * static_cast<double>(iterations);
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
