package bare;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.runtime.Micronaut;

/** Micronaut's hello world with health: what any app on this framework and JVM starts at least as slowly as. */
@Controller("/hello")
public class Application {
    @Get
    public String hello() {
        return "hello";
    }

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
