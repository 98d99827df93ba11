// specs/mnist-more-generated.aug — METHOD.md §6.4 (second half): n originals per class plus 2000
// generated per class.
experiment mnist_more_generated "MNIST: n originals plus 2000 generated per class" {
  seed 2023
  repeats 3

  data digits = mnist()
  split digits stratified { pool 0.5, validation 0.1, test 0.4 }  // the classifier stops early on 'validation'

  vae shared {
    single on pool
    latent 50
    beta 0.5
    encoder dense [512, 256]
    likelihood bernoulli
    train steps 6000 batch 128 lr 1e-3
  }

  classifier net {  // the same steps for every arm
    mlp [1024, 1024, 1024]
    train steps 1500 batch 64 lr 1e-3
  }

  sweep shots in [2, 5, 10, 20, 50, 100] per_class from pool

  arm baseline
  arm "noise+2000"         = shared.noise(alpha 1.0) count 2000
  arm "interpolation+2000" = shared.interpolate(k 1, alpha 0.5) count 2000

  metric weighted_f1, accuracy
  report "../reports/mnist-more-generated.md" {
    table weighted_f1 rows shots cols arm
    plot weighted_f1 gain over shots
  }
}
