// specs/mnist-fewshot.aug — METHOD.md §6.3: MNIST few-shot, d = 50, β = 0.5 (not normalised).
// A single VAE trained on the unlabeled pool serves the latent recipes; one VAE per class on the
// labelled shots serves prior sampling (Multi-VAE), with and without the GC filter.
experiment mnist_fewshot "MNIST few-shot: latent sampling recipes" {
  seed 2023
  repeats 3

  data digits = mnist()
  split digits stratified { pool 0.5, test 0.5 }

  vae shared {
    single on pool
    latent 50
    beta 0.5
    encoder dense [512, 256]
    decoder dense [256, 512]
    likelihood bernoulli
    train steps 6000 batch 128 lr 1e-3
  }
  vae per_digit {
    per_class on shots mix_in 0.0
    latent 50  beta 0.5
    encoder dense [512, 256]  decoder dense [256, 512]
    train steps 2000 batch 32 lr 1e-3
  }

  // the reference CNN: conv 64, 128, 128, 128 (3×3), dense 128, dropout 0.5
  classifier cnn_ref { cnn [64, 128, 128, 128] dense [128] dropout 0.5 epochs 50 batch 64 lr 1e-3 }

  sweep shots in [2, 3, 4, 5, 10, 20, 30, 50, 100, 200] per_class from pool

  // k must stay below the smallest shots value (2): each digit has one neighbour of its class
  arm baseline
  arm noise                  = shared.noise(alpha 1.0)                                    count same
  arm interpolation          = shared.interpolate(k 1, alpha 0.5)                         count same
  arm extrapolation          = shared.extrapolate(k 1, alpha 0.5)                         count same
  arm "interpolation+noise"  = shared.interpolate(k 1, alpha 0.5) + noise(alpha 0.5)      count same
  arm "extrapolation+noise"  = shared.extrapolate(k 1, alpha 0.5) + noise(alpha 0.5)      count same
  arm multi_vae              = per_digit.prior(alpha 1.0)                                 count same
  arm "multi_vae+gc"         = per_digit.prior(alpha 1.0) count same filter gc(early_checkpoint step 300, keep 0.5)

  metric weighted_f1, accuracy
  report "../reports/mnist-fewshot.md" {
    table weighted_f1 rows shots cols arm
    plot weighted_f1 over shots
    plot weighted_f1 gain over shots
    latent shared
    samples interpolation
  }
}
