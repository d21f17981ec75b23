// Writes, for each image under the given folders, one line "path<TAB>ok<TAB>W<TAB>H<TAB>sha256" or
// "path<TAB>error<TAB>reason", with our decoder's RGB bytes hashed. Used by bench/pillow-match.sh:
//   java -cp 'target/classes:target/lib/*' bench/DumpRgb.java DIR... > ours.tsv
import dev.cvpipe.image.*;
import java.nio.file.*;
import java.security.MessageDigest;
import java.util.*;

public class DumpRgb {
    public static void main(String[] args) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String a : args) try (var w = Files.walk(Path.of(a))) { w.filter(Files::isRegularFile).sorted().forEach(files::add); }
        StringBuilder out = new StringBuilder();
        for (Path p : files) {
            ImageInfo info = ImageInspector.inspect(p, false);
            try {
                RgbImage img = ImageDecoder.readRgb(p);
                byte[] d = MessageDigest.getInstance("SHA-256").digest(img.pixels());
                out.append(p).append('\t').append("ok\t").append(img.width()).append('\t').append(img.height()).append('\t')
                   .append(HexFormat.of().formatHex(d)).append('\t').append(info.mode()).append('\n');
            } catch (BadImageException e) {
                out.append(p).append("\terror\t").append(e.getMessage()).append('\t').append(info.mode()).append('\n');
            }
        }
        System.out.print(out);
    }
}
