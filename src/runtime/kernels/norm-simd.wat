;; The classifier's training-mode batch norm + dropout as 128-bit SIMD loops (kernels/fused-classifier.ts).
;; The module imports the TensorFlow.js wasm backend's own memory and works on tensors in place.
;;
;; x, dy, y, dx are [rows, units] float32 row-major; gamma, beta, mean, variance, invStd, dGamma,
;; dBeta are [units]; u (the dropout's uniforms) is [rows, units], or 0 for no dropout. Pointers
;; are byte offsets; units must be a multiple of 4: each loop takes four features at a time down
;; all the rows. In float32, as the plain ops compute:
;;   mean = Σ x / n;  biased = Σ (x − mean)² / n;  invStd = 1 / √(biased + ε);  variance = biased · n/(n−1)
;;   y = ((x − mean) · (γ · invStd) + β) · m          with m = floor(u + keep) · kept (0 or 1/keep)
;;   backward: dz = dy · m;  dβ = Σ dz;  dγ = Σ dz · x̂;  dx = γ·invStd · (dz − dβ/n − x̂ · dγ/n)
;; Regenerate the bytes in norm-simd.wasm.ts after an edit: npx tsx scripts/generate-simd.ts
(module
  (import "env" "memory" (memory 0))

  ;; the dropout multiplier of the four uniforms at $at (1 when there is no dropout)
  (func $multiplier (param $u i32) (param $at i32) (param $keep v128) (param $kept v128) (result v128)
    (if (result v128) (i32.eqz (local.get $u))
      (then (f32x4.splat (f32.const 1)))
      (else
        (f32x4.mul
          (f32x4.floor (f32x4.add (v128.load (i32.add (local.get $u) (local.get $at))) (local.get $keep)))
          (local.get $kept)))))

  (func (export "forward")
    (param $x i32) (param $gamma i32) (param $beta i32) (param $u i32) (param $y i32)
    (param $mean i32) (param $variance i32) (param $invStd i32)
    (param $rows i32) (param $units i32)
    (param $keep f32) (param $kept f32) (param $epsilon f32) (param $unbiased f32)
    (local $j i32) (local $at i32) (local $stride i32) (local $colEnd i32)
    (local $n v128) (local $acc v128) (local $mu v128) (local $d v128) (local $biased v128)
    (local $inv v128) (local $scale v128) (local $b v128) (local $K v128) (local $KEPT v128)
    (local.set $n (f32x4.splat (f32.convert_i32_u (local.get $rows))))
    (local.set $K (f32x4.splat (local.get $keep)))
    (local.set $KEPT (f32x4.splat (local.get $kept)))
    (local.set $stride (i32.shl (local.get $units) (i32.const 2)))
    (local.set $colEnd (i32.mul (local.get $rows) (local.get $stride)))
    (local.set $j (i32.const 0))
    (block $columnsDone
      (loop $columns
        (br_if $columnsDone (i32.ge_u (local.get $j) (local.get $stride)))
        ;; mean
        (local.set $acc (f32x4.splat (f32.const 0)))
        (local.set $at (local.get $j))
        (block $d1 (loop $l1
          (br_if $d1 (i32.ge_u (local.get $at) (local.get $colEnd)))
          (local.set $acc (f32x4.add (local.get $acc) (v128.load (i32.add (local.get $x) (local.get $at)))))
          (local.set $at (i32.add (local.get $at) (local.get $stride)))
          (br $l1)))
        (local.set $mu (f32x4.div (local.get $acc) (local.get $n)))
        ;; biased variance
        (local.set $acc (f32x4.splat (f32.const 0)))
        (local.set $at (local.get $j))
        (block $d2 (loop $l2
          (br_if $d2 (i32.ge_u (local.get $at) (local.get $colEnd)))
          (local.set $d (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $at))) (local.get $mu)))
          (local.set $acc (f32x4.add (local.get $acc) (f32x4.mul (local.get $d) (local.get $d))))
          (local.set $at (i32.add (local.get $at) (local.get $stride)))
          (br $l2)))
        (local.set $biased (f32x4.div (local.get $acc) (local.get $n)))
        (local.set $inv
          (f32x4.div (f32x4.splat (f32.const 1))
            (f32x4.sqrt (f32x4.add (local.get $biased) (f32x4.splat (local.get $epsilon))))))
        (v128.store (i32.add (local.get $mean) (local.get $j)) (local.get $mu))
        (v128.store (i32.add (local.get $variance) (local.get $j))
          (f32x4.mul (local.get $biased) (f32x4.splat (local.get $unbiased))))
        (v128.store (i32.add (local.get $invStd) (local.get $j)) (local.get $inv))
        ;; y
        (local.set $scale (f32x4.mul (v128.load (i32.add (local.get $gamma) (local.get $j))) (local.get $inv)))
        (local.set $b (v128.load (i32.add (local.get $beta) (local.get $j))))
        (local.set $at (local.get $j))
        (block $d3 (loop $l3
          (br_if $d3 (i32.ge_u (local.get $at) (local.get $colEnd)))
          (v128.store (i32.add (local.get $y) (local.get $at))
            (f32x4.mul
              (f32x4.add
                (f32x4.mul (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $at))) (local.get $mu)) (local.get $scale))
                (local.get $b))
              (call $multiplier (local.get $u) (local.get $at) (local.get $K) (local.get $KEPT))))
          (local.set $at (i32.add (local.get $at) (local.get $stride)))
          (br $l3)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $columns))))

  (func (export "backward")
    (param $dy i32) (param $x i32) (param $gamma i32) (param $u i32) (param $mean i32) (param $invStd i32)
    (param $dx i32) (param $dGamma i32) (param $dBeta i32)
    (param $rows i32) (param $units i32) (param $keep f32) (param $kept f32)
    (local $j i32) (local $at i32) (local $stride i32) (local $colEnd i32)
    (local $n v128) (local $mu v128) (local $inv v128) (local $dz v128) (local $xhat v128)
    (local $sumDz v128) (local $sumDzXhat v128) (local $a v128) (local $K v128) (local $KEPT v128)
    (local.set $n (f32x4.splat (f32.convert_i32_u (local.get $rows))))
    (local.set $K (f32x4.splat (local.get $keep)))
    (local.set $KEPT (f32x4.splat (local.get $kept)))
    (local.set $stride (i32.shl (local.get $units) (i32.const 2)))
    (local.set $colEnd (i32.mul (local.get $rows) (local.get $stride)))
    (local.set $j (i32.const 0))
    (block $columnsDone
      (loop $columns
        (br_if $columnsDone (i32.ge_u (local.get $j) (local.get $stride)))
        (local.set $mu (v128.load (i32.add (local.get $mean) (local.get $j))))
        (local.set $inv (v128.load (i32.add (local.get $invStd) (local.get $j))))
        ;; dz (kept in dx) and its sums
        (local.set $sumDz (f32x4.splat (f32.const 0)))
        (local.set $sumDzXhat (f32x4.splat (f32.const 0)))
        (local.set $at (local.get $j))
        (block $d1 (loop $l1
          (br_if $d1 (i32.ge_u (local.get $at) (local.get $colEnd)))
          (local.set $dz
            (f32x4.mul (v128.load (i32.add (local.get $dy) (local.get $at)))
              (call $multiplier (local.get $u) (local.get $at) (local.get $K) (local.get $KEPT))))
          (v128.store (i32.add (local.get $dx) (local.get $at)) (local.get $dz))
          (local.set $xhat (f32x4.mul (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $at))) (local.get $mu)) (local.get $inv)))
          (local.set $sumDz (f32x4.add (local.get $sumDz) (local.get $dz)))
          (local.set $sumDzXhat (f32x4.add (local.get $sumDzXhat) (f32x4.mul (local.get $dz) (local.get $xhat))))
          (local.set $at (i32.add (local.get $at) (local.get $stride)))
          (br $l1)))
        (v128.store (i32.add (local.get $dBeta) (local.get $j)) (local.get $sumDz))
        (v128.store (i32.add (local.get $dGamma) (local.get $j)) (local.get $sumDzXhat))
        ;; dx = a · (dz − dβ/n − x̂ · dγ/n)
        (local.set $a (f32x4.mul (v128.load (i32.add (local.get $gamma) (local.get $j))) (local.get $inv)))
        (local.set $sumDz (f32x4.div (local.get $sumDz) (local.get $n)))
        (local.set $sumDzXhat (f32x4.div (local.get $sumDzXhat) (local.get $n)))
        (local.set $at (local.get $j))
        (block $d2 (loop $l2
          (br_if $d2 (i32.ge_u (local.get $at) (local.get $colEnd)))
          (local.set $xhat (f32x4.mul (f32x4.sub (v128.load (i32.add (local.get $x) (local.get $at))) (local.get $mu)) (local.get $inv)))
          (v128.store (i32.add (local.get $dx) (local.get $at))
            (f32x4.mul (local.get $a)
              (f32x4.sub
                (f32x4.sub (v128.load (i32.add (local.get $dx) (local.get $at))) (local.get $sumDz))
                (f32x4.mul (local.get $xhat) (local.get $sumDzXhat)))))
          (local.set $at (i32.add (local.get $at) (local.get $stride)))
          (br $l2)))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br $columns))))
)
