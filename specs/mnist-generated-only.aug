// specs/mnist-generated-only.aug — METHOD.md §6.4 (first half): 5 originals per class; the
// classifier trains on generated examples only, 2 … 2000 generated per class.
experiment mnist_generated_only "MNIST: training on generated digits only" {
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

  sweep shots in [5] per_class from pool
  sweep generated in [2, 5, 20, 50, 200, 500, 2000]

  arm baseline  // the 5 originals per class
  arm noise_only  = shared.noise(alpha 1.0) count generated only_generated
  arm interp_only = shared.interpolate(k 3, alpha 0.5) count generated only_generated

  metric weighted_f1, accuracy
  report "../reports/mnist-generated-only.md" {
    table weighted_f1 rows generated cols arm
    plot weighted_f1 over generated
    samples noise_only
  }
}
