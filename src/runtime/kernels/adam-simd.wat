;; Adam's update of one large variable as a single 128-bit SIMD loop (kernels/adam-simd.ts).
;; The module imports the TensorFlow.js wasm backend's own memory, so it reads the gradient and the
;; parameter and writes the moments and the new parameter in place, without a copy.
;;
;; Every value is computed with the same float32 operations in the same order as Adam's op path
;; (kernels/adam.ts, opsUpdate), so the two agree bit for bit:
;;   m'  = m·β1 + g·(1−β1)
;;   v'  = v·β2 + (g·g)·(1−β2)
;;   out = p − (m' / (√v' + ε̂)) · stepSize
;; Pointers are byte offsets into the memory; n counts float32 values.
;;
;; `packed` is the packed path's update of the small variables (kernels/adam.ts, `update`), two
;; values at a time in double precision, with the same operations in the same order as that
;; JavaScript loop (which computes in doubles and stores float32), so again the same bits:
;;   m'  = β1·m + (1−β1)·g;   v' = β2·v + ((1−β2)·g)·g;   out = p − (stepSize·m') / (√v' + ε̂)
;; m and v are stored rounded to float32; out uses the unrounded m' and v'. Both loops take the
;; same arguments, in the same order.
;; Regenerate the bytes in adam-simd.wasm.ts after an edit: npx tsx scripts/generate-simd.ts
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

  (func (export "packed")
    (param $g i32) (param $m i32) (param $v i32) (param $p i32) (param $out i32) (param $n i32)
    (param $b1 f64) (param $c1 f64) (param $b2 f64) (param $c2 f64) (param $eps f64) (param $step f64)
    (local $end i32) (local $end2 i32) (local $o i32)
    (local $B1 v128) (local $C1 v128) (local $B2 v128) (local $C2 v128) (local $STEP v128) (local $EPS v128)
    (local $gv v128) (local $mv v128) (local $vv v128)
    (local $gs f64) (local $ms f64) (local $vs f64)
    (local.set $B1 (f64x2.splat (local.get $b1)))
    (local.set $C1 (f64x2.splat (local.get $c1)))
    (local.set $B2 (f64x2.splat (local.get $b2)))
    (local.set $C2 (f64x2.splat (local.get $c2)))
    (local.set $STEP (f64x2.splat (local.get $step)))
    (local.set $EPS (f64x2.splat (local.get $eps)))
    (local.set $end (i32.shl (local.get $n) (i32.const 2)))
    (local.set $end2 (i32.and (local.get $end) (i32.const -8)))
    (local.set $o (i32.const 0))
    ;; two values at a time: two float32 widened to two doubles
    (block $done2
      (loop $two
        (br_if $done2 (i32.ge_u (local.get $o) (local.get $end2)))
        (local.set $gv (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $g) (local.get $o)))))
        (local.set $mv
          (f64x2.add
            (f64x2.mul (local.get $B1) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $m) (local.get $o)))))
            (f64x2.mul (local.get $C1) (local.get $gv))))
        (local.set $vv
          (f64x2.add
            (f64x2.mul (local.get $B2) (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $v) (local.get $o)))))
            (f64x2.mul (f64x2.mul (local.get $C2) (local.get $gv)) (local.get $gv))))
        (v128.store64_lane 0 (i32.add (local.get $m) (local.get $o)) (f32x4.demote_f64x2_zero (local.get $mv)))
        (v128.store64_lane 0 (i32.add (local.get $v) (local.get $o)) (f32x4.demote_f64x2_zero (local.get $vv)))
        (v128.store64_lane 0 (i32.add (local.get $out) (local.get $o))
          (f32x4.demote_f64x2_zero
            (f64x2.sub
              (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $p) (local.get $o))))
              (f64x2.div
                (f64x2.mul (local.get $STEP) (local.get $mv))
                (f64x2.add (f64x2.sqrt (local.get $vv)) (local.get $EPS))))))
        (local.set $o (i32.add (local.get $o) (i32.const 8)))
        (br $two)))
    ;; the last value of an odd count
    (if (i32.lt_u (local.get $o) (local.get $end))
      (then
        (local.set $gs (f64.promote_f32 (f32.load (i32.add (local.get $g) (local.get $o)))))
        (local.set $ms
          (f64.add
            (f64.mul (local.get $b1) (f64.promote_f32 (f32.load (i32.add (local.get $m) (local.get $o)))))
            (f64.mul (local.get $c1) (local.get $gs))))
        (local.set $vs
          (f64.add
            (f64.mul (local.get $b2) (f64.promote_f32 (f32.load (i32.add (local.get $v) (local.get $o)))))
            (f64.mul (f64.mul (local.get $c2) (local.get $gs)) (local.get $gs))))
        (f32.store (i32.add (local.get $m) (local.get $o)) (f32.demote_f64 (local.get $ms)))
        (f32.store (i32.add (local.get $v) (local.get $o)) (f32.demote_f64 (local.get $vs)))
        (f32.store (i32.add (local.get $out) (local.get $o))
          (f32.demote_f64
            (f64.sub
              (f64.promote_f32 (f32.load (i32.add (local.get $p) (local.get $o))))
              (f64.div
                (f64.mul (local.get $step) (local.get $ms))
                (f64.add (f64.sqrt (local.get $vs)) (local.get $eps)))))))))
)
