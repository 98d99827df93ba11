// specs/thyroid.aug — METHOD.md §6.1, the thyroid rows of the PROBEN1 table.
// One VAE per class (d = 2, mix-in 20%), ~6000 steps, prior sampling α = 1, 400 generated per
// class; β ∈ {β_norm with β = 1, 0.5, 1.0}; arms Baseline / VAE / VAE + GC; weighted F1.
experiment thyroid "PROBEN1 thyroid: per-class VAE augmentation with and without the GC filter" {
  seed 2023
  repeats 5

  data thyroid = proben1("thyroid", permutation 1)
  split thyroid partition  // PROBEN1's own train / validation / test

  vae per_class_vae {
    per_class on train mix_in 0.2
    latent 2
    beta norm 1.0  // replaced cell by cell by the beta axis below
    encoder dense [64, 32]
    decoder dense [32, 64]
    likelihood bernoulli  // PROBEN1 inputs are scaled to [0,1]
    train steps 6000 batch 32 lr 1e-3
  }

  // the reference PROBEN1 classifier: 128/256/512, LeakyReLU, batch norm and dropout 0.1 after each
  classifier mlp_ref {
    mlp [128, 256, 512]
    activation leaky_relu
    batchnorm
    dropout 0.1
    // at most 50 epochs over the training part (the reference budget), the same step count for
    // every arm; stopped early on PROBEN1's validation part, keeping the best weights
    epochs 50 batch 32 lr 1e-3
    early_stop on validation every 10 steps patience 20
  }

  sweep beta in [norm 1.0, 0.5, 1.0]

  arm baseline
  arm vae      = per_class_vae.prior(alpha 1.0) count 400
  arm "vae+gc" = per_class_vae.prior(alpha 1.0) count 400 filter gc(noise sigma 0.1, keep 0.5)

  metric weighted_f1, macro_f1, accuracy
  report "../reports/thyroid.md" {
    table weighted_f1 rows beta cols arm
    table accuracy rows beta cols arm
    latent per_class_vae
  }
}
