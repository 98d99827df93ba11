// specs/quickstart.aug — the smallest useful experiment: about a minute on the embedded MNIST
// digits. Does a VAE trained on the unlabeled pool help a classifier that sees 5 or 20 digits
// per class?
experiment quickstart "Quickstart: VAE-augmented MNIST with 5 and 20 shots" {
  seed 7
  repeats 2

  data digits = mnist()                                           // 10,000 real 28×28 digits, embedded in the package
  split digits stratified { pool 0.7, validation 0.1, test 0.2 }  // the classifier stops early on 'validation'

  vae shared {  // one small VAE on the unlabeled pool
    single on pool
    latent 16
    beta 1.0
    encoder dense [128]
    decoder dense [128]
    likelihood bernoulli
    train steps 800 batch 64 lr 1e-3
  }

  classifier net {  // the same 400 steps for every arm
    mlp [64]
    train steps 400 batch 32 lr 1e-3
  }

  sweep shots in [5, 20] per_class from pool

  arm baseline
  arm noise         = shared.noise(alpha 0.5)
  arm interpolation = shared.interpolate(k 3, alpha 0.5) count 20

  metric weighted_f1, accuracy
  report "../reports/quickstart.md" {
    table weighted_f1 rows shots cols arm
    plot weighted_f1 over shots
    samples interpolation
  }
}
