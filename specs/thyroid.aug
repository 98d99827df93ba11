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
    // at most 3000 optimizer steps in every arm of every cell, a check of the validation weighted
    // F1 every 10 steps, stopping after 60 checks without improvement, the best weights kept.
    // The reference budget (50 epochs, lr 1e-3, the validation loss) left the baseline below an
    // L2 logistic regression on gene, glass and horse: 50 epochs are 200 steps on glass, and the
    // loss bottomed out at steps 30-230. Baseline, 5 repeats, weighted F1 (logistic regression):
    //   card 0.849 (0.854)  diabetes 0.712 (0.732)  gene 0.877 (0.882)
    //   glass 0.681 (0.683) horse 0.679 (0.695)     thyroid 0.972 (0.928)
    // lr 1e-3 left glass at 0.651, lr 1e-2 left horse at 0.663; weight decay did not help.
    train steps 3000 batch 32 lr 3e-3
    early_stop on validation every 10 steps patience 60 monitor weighted_f1
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
