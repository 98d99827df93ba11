;; col2im of the native-BLAS convolution's input gradient (kernels/blas-conv.ts) as 128-bit SIMD on
;; the TensorFlow.js wasm backend's own memory: dx[b, iy, ix, :] += dcols[(b', oy, ox), (ky, kx, :)]
;; for every window position inside the image, four channels at a time. The same float32 additions
;; in the same order as blas-conv.ts' JavaScript col2imAdd, so the same bits.
;; Pointers are byte offsets; channels must be a multiple of 4. dcols holds the images
;; first … first + count − 1, row after row; dx is the whole [B, H, W, C] gradient.
;; Regenerate the bytes in col2im-simd.wasm.ts after an edit: npx tsx scripts/generate-simd.ts
(module
  (import "env" "memory" (memory 0))
  (func (export "col2im")
    (param $dcols i32) (param $dx i32) (param $first i32) (param $count i32)
    (param $height i32) (param $width i32) (param $channels i32) (param $kernel i32) (param $stride i32)
    (param $outHeight i32) (param $outWidth i32) (param $padTop i32) (param $padLeft i32)
    (local $b i32) (local $oy i32) (local $ox i32) (local $ky i32) (local $kx i32)
    (local $iy i32) (local $ix i32) (local $src i32) (local $dst i32) (local $i i32) (local $bytes i32)
    (local $last i32)
    (local.set $bytes (i32.shl (local.get $channels) (i32.const 2)))
    (local.set $src (local.get $dcols))
    (local.set $last (i32.add (local.get $first) (local.get $count)))
    (local.set $b (local.get $first))
    (block $bDone (loop $bLoop
      (br_if $bDone (i32.ge_u (local.get $b) (local.get $last)))
      (local.set $oy (i32.const 0))
      (block $oyDone (loop $oyLoop
        (br_if $oyDone (i32.ge_u (local.get $oy) (local.get $outHeight)))
        (local.set $ox (i32.const 0))
        (block $oxDone (loop $oxLoop
          (br_if $oxDone (i32.ge_u (local.get $ox) (local.get $outWidth)))
          (local.set $ky (i32.const 0))
          (block $kyDone (loop $kyLoop
            (br_if $kyDone (i32.ge_u (local.get $ky) (local.get $kernel)))
            (local.set $iy
              (i32.add (i32.sub (i32.mul (local.get $oy) (local.get $stride)) (local.get $padTop)) (local.get $ky)))
            (local.set $kx (i32.const 0))
            (block $kxDone (loop $kxLoop
              (br_if $kxDone (i32.ge_u (local.get $kx) (local.get $kernel)))
              (local.set $ix
                (i32.add (i32.sub (i32.mul (local.get $ox) (local.get $stride)) (local.get $padLeft)) (local.get $kx)))
              ;; inside the image: 0 ≤ iy < height and 0 ≤ ix < width (negatives compare as large unsigned)
              (if (i32.and (i32.lt_u (local.get $iy) (local.get $height)) (i32.lt_u (local.get $ix) (local.get $width)))
                (then
                  (local.set $dst
                    (i32.add (local.get $dx)
                      (i32.mul
                        (i32.add (i32.mul (i32.add (i32.mul (local.get $b) (local.get $height)) (local.get $iy)) (local.get $width)) (local.get $ix))
                        (local.get $bytes))))
                  (local.set $i (i32.const 0))
                  (block $iDone (loop $iLoop
                    (br_if $iDone (i32.ge_u (local.get $i) (local.get $bytes)))
                    (v128.store (i32.add (local.get $dst) (local.get $i))
                      (f32x4.add
                        (v128.load (i32.add (local.get $dst) (local.get $i)))
                        (v128.load (i32.add (local.get $src) (local.get $i)))))
                    (local.set $i (i32.add (local.get $i) (i32.const 16)))
                    (br $iLoop)))))
              (local.set $src (i32.add (local.get $src) (local.get $bytes)))
              (local.set $kx (i32.add (local.get $kx) (i32.const 1)))
              (br $kxLoop)))
            (local.set $ky (i32.add (local.get $ky) (i32.const 1)))
            (br $kyLoop)))
          (local.set $ox (i32.add (local.get $ox) (i32.const 1)))
          (br $oxLoop)))
        (local.set $oy (i32.add (local.get $oy) (i32.const 1)))
        (br $oyLoop)))
      (local.set $b (i32.add (local.get $b) (i32.const 1)))
      (br $bLoop)))))
