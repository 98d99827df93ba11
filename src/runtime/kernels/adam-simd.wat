;; Adam's update of one large variable as a single 128-bit SIMD loop (kernels/adam-simd.ts).
;; The module imports the TensorFlow.js wasm backend's own memory, so it reads the gradient and the
;; parameter and writes the moments and the new parameter in place, without a copy.
;;
;; Every value is computed with the same float32 operations in the same order as Adam's op path
;; (kernels/adam.ts, opsUpdate), so the two agree bit for bit:
;;   m'  = m·β1 + g·(1−β1)
;;   v'  = v·β2 + (g·g)·(1−β2)
;;   out = p − (m' / (√v' + ε̂)) · stepSize
;; Pointers are byte offsets into the memory; n counts float32 values. Regenerate the bytes in
;; adam-simd.wasm.ts after an edit: npx tsx scripts/generate-adam-simd.ts
(module
  (import "env" "memory" (memory 0))
  (func (export "adam")
    (param $g i32) (param $m i32) (param $v i32) (param $p i32) (param $out i32) (param $n i32)
    (param $b1 f32) (param $c1 f32) (param $b2 f32) (param $c2 f32) (param $eps f32) (param $step f32)
    (local $end i32) (local $end4 i32) (local $o i32)
    (local $B1 v128) (local $C1 v128) (local $B2 v128) (local $C2 v128) (local $EPS v128) (local $STEP v128)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $gs f32) (local $ms f32) (local $vs f32)
    (local.set $B1 (f32x4.splat (local.get $b1)))
    (local.set $C1 (f32x4.splat (local.get $c1)))
    (local.set $B2 (f32x4.splat (local.get $b2)))
    (local.set $C2 (f32x4.splat (local.get $c2)))
    (local.set $EPS (f32x4.splat (local.get $eps)))
    (local.set $STEP (f32x4.splat (local.get $step)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end4 (i32.and (local.get $end) (i32.const -16)))
    (local.set $o (i32.const 0))
    ;; four values at a time
    (block $done4
      (loop $four
        (br_if $done4 (i32.ge_u (local.get $o) (local.get $end4)))
        (local.set $gv (v128.load (i32.add (local.get $g) (local.get $o))))
        (local.set $mv
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $m) (local.get $o))) (local.get $B1))
            (f32x4.mul (local.get $gv) (local.get $C1))))
        (v128.store (i32.add (local.get $m) (local.get $o)) (local.get $mv))
        (local.set $vv
          (f32x4.add
            (f32x4.mul (v128.load (i32.add (local.get $v) (local.get $o))) (local.get $B2))
            (f32x4.mul (f32x4.mul (local.get $gv) (local.get $gv)) (local.get $C2))))
        (v128.store (i32.add (local.get $v) (local.get $o)) (local.get $vv))
        (v128.store (i32.add (local.get $out) (local.get $o))
          (f32x4.sub
            (v128.load (i32.add (local.get $p) (local.get $o)))
            (f32x4.mul
              (f32x4.div (local.get $mv) (f32x4.add (f32x4.sqrt (local.get $vv)) (local.get $EPS)))
              (local.get $STEP))))
        (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $four)))
    ;; the last one to three values
    (block $done
      (loop $one
        (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
        (local.set $gs (f32.load (i32.add (local.get $g) (local.get $o))))
        (local.set $ms
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $m) (local.get $o))) (local.get $b1))
            (f32.mul (local.get $gs) (local.get $c1))))
        (f32.store (i32.add (local.get $m) (local.get $o)) (local.get $ms))
        (local.set $vs
          (f32.add
            (f32.mul (f32.load (i32.add (local.get $v) (local.get $o))) (local.get $b2))
            (f32.mul (f32.mul (local.get $gs) (local.get $gs)) (local.get $c2))))
        (f32.store (i32.add (local.get $v) (local.get $o)) (local.get $vs))
        (f32.store (i32.add (local.get $out) (local.get $o))
          (f32.sub
            (f32.load (i32.add (local.get $p) (local.get $o)))
            (f32.mul
              (f32.div (local.get $ms) (f32.add (f32.sqrt (local.get $vs)) (local.get $eps)))
              (local.get $step))))
        (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $one))))
)
