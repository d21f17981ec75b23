package dev.cvpipe.model.layers;

import dev.cvpipe.model.Shape3;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;

/** Inverted dropout: in training each value is zeroed with probability p and the rest scaled by 1/(1−p). */
public record Dropout(float probability) implements Layer {
    public Dropout {
        if (!(probability >= 0 && probability < 1)) throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + probability);
    }

    @Override
    public String type() {
        return "dropout";
    }

    @Override
    public Shape3 output(List<Shape3> in) {
        return Layer.single("dropout", in);
    }

    @Override
    public Built instantiate(Vars vars, List<Shape3> in) {
        return (f, x) -> {
            Ops tf = f.tf();
            Operand<TFloat32> y = x.get(0);
            if (!f.training() || probability == 0) return y;
            float keep = 1 - probability;
            Operand<TFloat32> u = tf.random.randomUniform(tf.shape(y), TFloat32.class,
                    RandomUniform.seed(f.seed()), RandomUniform.seed2(f.nextSeed2()));
            Operand<TFloat32> mask = tf.math.floor(tf.math.add(u, tf.constant(keep)));
            return tf.math.mul(y, tf.math.mul(mask, tf.constant(1f / keep)));
        };
    }
}
