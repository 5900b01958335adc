import COpenBLAS

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

    /// Makes OpenBLAS single-threaded (the model parallelises itself, deterministically).
    static func useSingleThread() {
        _ = singleThreadOnce
    }

    private static let singleThreadOnce: Bool = {
        openblas_set_num_threads(1)
        return true
    }()
}
