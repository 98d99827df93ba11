// specs/latent-beta.aug — METHOD.md §6.5, the visual studies: the latent space for several β
// (d = 2 for the scatter), interpolation strips within one class, and a d sweep with β_norm.
experiment latent_beta "Visual studies: latent space over β and d" {
  seed 2023
  repeats 1

  data digits = mnist()
  split digits stratified { pool 0.7, validation 0.1, test 0.2 }

  vae planar {  // d = 2: the latent scatter needs no projection
    single on pool
    latent 2
    beta 1.0
    encoder dense [256, 128]
    likelihood bernoulli
    train steps 3000 batch 128 lr 1e-3
  }
  vae wide {  // a d sweep with β normalised by d / N
    single on pool
    latent 10
    beta norm 1.0
    encoder dense [256, 128]
    likelihood bernoulli
    train steps 3000 batch 128 lr 1e-3
  }

  classifier net {  // the same steps for every arm, stopped early on 'validation'
    mlp [256]
    train steps 600 batch 64 lr 1e-3
  }

  sweep beta of planar in [0.1, 1.0, 4.0]
  sweep latent of wide in [2, 5, 10, 20]
  sweep shots in [20] per_class from pool

  arm baseline
  arm planar_noise = planar.noise(alpha 1.0)
  arm wide_noise   = wide.noise(alpha 1.0)

  metric weighted_f1
  report "../reports/latent-beta.md" {
    table weighted_f1 rows beta cols arm
    table weighted_f1 rows latent cols arm
    latent planar
    interpolation planar
    reconstructions wide
    samples wide_noise
  }
}
