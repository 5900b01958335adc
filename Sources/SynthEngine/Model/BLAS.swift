import COpenBLAS

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin row-major wrapper over OpenBLAS `cblas_sgemm`:
/// `C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C`.
enum BLAS {
    @inline(__always)
    static func gemm(transA: Bool = false, transB: Bool = false, m: Int, n: Int, k: Int, alpha: Float = 1,
                     a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                     beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        if m == 0 || n == 0 { return }
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// Prepares OpenBLAS once per process: single-threaded (the model parallelises itself,
    /// deterministically) and, where OpenBLAS fell back to its generic `Prescott` kernels on a
    /// CPU it does not recognise (common under virtualisation) although the CPU has AVX-512 or
    /// AVX2+FMA, switched to the `SkylakeX` or `Haswell` kernels (3× faster here). A user's own
    /// `OPENBLAS_CORETYPE` is respected.
    static func prepare() { _ = prepared }

    /// The OpenBLAS kernel set in use, e.g. `SkylakeX`.
    static var coreName: String {
        prepare()
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    private static let prepared: Bool = {
        openblas_set_num_threads(1)
        upgradeGenericKernels()
        return true
    }()

    private static func upgradeGenericKernels() {
        #if os(Linux)
        guard getenv("OPENBLAS_CORETYPE") == nil, let name = openblas_get_corename(),
              String(cString: name).lowercased() == "prescott" else { return }
        let flags = cpuFlags()
        let target: String
        if flags.contains("avx512f") && flags.contains("avx512bw") && flags.contains("avx512vl") && flags.contains("avx512dq") {
            target = "SkylakeX"
        } else if flags.contains("avx2") && flags.contains("fma") {
            target = "Haswell"
        } else {
            return
        }
        typealias VoidFunction = @convention(c) () -> Void
        guard let handle = dlopen(nil, RTLD_NOW),
              let quit = dlsym(handle, "gotoblas_dynamic_quit"), let initialise = dlsym(handle, "gotoblas_dynamic_init")
        else { return }
        setenv("OPENBLAS_CORETYPE", target, 1)
        unsafeBitCast(quit, to: VoidFunction.self)()
        unsafeBitCast(initialise, to: VoidFunction.self)()
        unsetenv("OPENBLAS_CORETYPE")
        #endif
    }

    /// The `flags` of the first processor in /proc/cpuinfo.
    private static func cpuFlags() -> Set<String> {
        guard let file = fopen("/proc/cpuinfo", "r") else { return [] }
        defer { fclose(file) }
        var buffer = [CChar](repeating: 0, count: 8192)
        while fgets(&buffer, Int32(buffer.count), file) != nil {
            let line = String(cString: buffer)
            if line.hasPrefix("flags") {
                let parts = line.split(separator: ":", maxSplits: 1)
                guard parts.count == 2 else { return [] }
                return Set(parts[1].split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init))
            }
        }
        return []
    }
}
