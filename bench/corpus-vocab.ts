// The words of the generated corpus, as data: the site and its forums, the planted topics with
// their own vocabulary, general forum prose, names, places and signatures. The generator
// (corpus-generator.ts) only combines these; adding a topic means adding an entry here.

export const SITE = {
  name: "Iron Commons Discussion Board",
  nav: "Iron Commons Home Forum Site Rules Iron Commons FAQ Search Today's Posts Mark Forums Read",
  trademark: "Iron Commons is a registered trademark of Iron Commons Media LLC.",
  timezone: "GMT -7",
};

export interface ForumDef {
  name: string;
  description: string;
  category: string;
}

export const FORUMS: readonly ForumDef[] = [
  { name: "Strength Training", description: "Squats, pulls, presses and programming", category: "Training" },
  { name: "Olympic Lifting", description: "Snatch, Clean & Jerk", category: "Training" },
  { name: "Kettlebells", description: "Swings, snatches and get-ups", category: "Training" },
  { name: "Gymnastics & Bodyweight", description: "Rings, bars, handstands", category: "Training" },
  { name: "Endurance", description: "Running, rowing, swimming", category: "Training" },
  { name: "Programming", description: "Workouts, cycles and scaling", category: "Training" },
  { name: "Injuries", description: "Chronic & Acute", category: "In Sickness and In Health" },
  { name: "Mobility & Recovery", description: "Stretching, soft tissue, sleep", category: "In Sickness and In Health" },
  { name: "Nutrition", description: "Paleo, Zone and everything between", category: "In Sickness and In Health" },
  { name: "Supplements", description: "Fish oil, protein, creatine", category: "In Sickness and In Health" },
  { name: "Coaches & Affiliates", description: "Running a box, coaching people", category: "Community" },
  { name: "Equipment", description: "Racks, bars, bumpers and shoes", category: "Community" },
  { name: "Competitions", description: "Meets, games and events", category: "Community" },
  { name: "Off Topic", description: "Everything else", category: "Community" },
];

export interface TopicDef {
  /** Stable key used in truth.json. */
  key: string;
  /** The forum it is usually posted in (index into FORUMS by name). */
  forum: string;
  /** Subjects for thread titles (lower case; the title frames capitalise). */
  subjects: readonly string[];
  /** Topic vocabulary, dropped into the general sentence templates. */
  terms: readonly string[];
  /** Whole sentences only this topic says. */
  lines: readonly string[];
}

export const TOPICS: readonly TopicDef[] = [
  {
    key: "lower-back-pain-running", forum: "Injuries",
    subjects: ["back spasms from running", "lower back pain when running", "lower back tightness after runs", "back cramps on long runs", "sore lumbar after running", "lower back spasm during 800m repeats"],
    terms: ["lower back spasms", "lumbar curve", "running posture", "spinal erectors", "back extensions", "the 800m repeats", "tight hip flexors", "lumbar fatigue", "long runs", "low back pain", "running technique", "hyperlordosis", "the track session"],
    lines: ["My lower back starts to spasm after any run longer than about 400m.", "It gets worse the longer the run goes, and by the last rep I'm basically shuffling.", "Try to run tall without arching the lumbar spine.", "Weak spinal erectors fatigue fast when you lean forward from the waist.", "Back extensions alone won't fix a running posture problem."],
  },
  {
    key: "shoulder-impingement", forum: "Injuries",
    subjects: ["shoulder impingement", "shoulder pain overhead", "impingement from kipping", "pinching in the front of the shoulder", "rotator cuff and impingement", "shoulder clicking on presses"],
    terms: ["shoulder impingement", "rotator cuff", "the supraspinatus", "scapular retraction", "overhead pressing", "the acromion", "band pull-aparts", "external rotation", "shoulder pain", "the subacromial space", "face pulls", "scap pushups"],
    lines: ["I get a sharp pinch at the front of my shoulder when I press overhead.", "Strengthen the external rotators and stop kipping for a few weeks.", "Impingement is usually a symptom of poor scapular movement, not the cause.", "Band pull-aparts and face pulls every day made a big difference for me."],
  },
  {
    key: "knee-pain-squat", forum: "Injuries",
    subjects: ["knee pain when squatting", "patellar tendinitis", "knees hurt on wall balls", "pain below the kneecap", "knee pain on box jumps", "knees caving in on squats"],
    terms: ["patellar tendon", "knee pain", "knees tracking over the toes", "the VMO", "patellar tendinitis", "IT band", "box jumps", "wall balls", "knee valgus", "the kneecap", "eccentric squats", "quad dominance"],
    lines: ["The pain is right below the kneecap and it's worst when I stand up from the bottom.", "Push your knees out and sit back, the shins should stay more vertical.", "Patellar tendinitis responds well to slow eccentric squats on a decline board.", "Cut the box jumps for a while, the landings are what aggravates it."],
  },
  {
    key: "elbow-tendinitis", forum: "Injuries",
    subjects: ["tennis elbow", "golfer's elbow from pull-ups", "elbow tendinitis", "elbow pain after muscle-ups", "inner elbow pain", "elbow pain on front squats"],
    terms: ["tennis elbow", "golfer's elbow", "the forearm flexors", "tendinitis", "the lateral epicondyle", "the medial epicondyle", "grip work", "wrist curls", "rubber bar flexes", "elbow pain", "high rep pull-ups", "ice massage"],
    lines: ["The inside of my elbow aches for days after a workout with lots of pull-ups.", "Reverse wrist curls with a light dumbbell fixed my tennis elbow.", "Tendons heal slowly, think weeks to months, not days.", "Ice massage right after training helped with the elbow pain."],
  },
  {
    key: "wrist-pain-front-rack", forum: "Injuries",
    subjects: ["wrist pain in the front rack", "wrist pain on cleans", "sore wrists from front squats", "wrist pain on push-ups", "wrist wraps or not"],
    terms: ["front rack", "wrist flexibility", "wrist wraps", "wrist extension", "the clean catch", "forearm tightness", "front squats", "wrist pain", "the fingertips", "lat flexibility", "the rack position", "triceps tightness"],
    lines: ["My wrists feel like they're going to snap when I catch a clean.", "Let the bar sit on the fingertips, you don't need a full grip in the front rack.", "Tight lats and triceps usually show up as wrist pain in the rack position.", "Wrist wraps are a band-aid, work on the flexibility too."],
  },
  {
    key: "plantar-fasciitis", forum: "Injuries",
    subjects: ["plantar fasciitis", "heel pain in the morning", "foot pain after double unders", "arch pain running", "plantar fasciitis and minimalist shoes"],
    terms: ["plantar fasciitis", "heel pain", "the arch", "calf tightness", "minimalist shoes", "a golf ball under the foot", "night splints", "the Achilles", "first steps in the morning", "foot pain", "the plantar fascia", "toe curls"],
    lines: ["The first steps in the morning are agony, then it eases up as I walk around.", "Roll a frozen water bottle or a golf ball under the arch.", "Stretch the calves hard, plantar fasciitis is often a calf problem.", "Don't switch to minimalist shoes overnight, ease into them."],
  },
  {
    key: "rhabdo", forum: "Injuries",
    subjects: ["rhabdo", "rhabdomyolysis after a workout", "dark urine after high reps", "arms swollen after pull-ups", "rhabdo scare"],
    terms: ["rhabdomyolysis", "rhabdo", "dark urine", "creatine kinase", "the ER", "kidney damage", "swollen arms", "hydration", "high rep negatives", "muscle breakdown", "CK levels", "the GHD"],
    lines: ["If your urine is the color of cola, go to the ER, not to the forum.", "They measured my CK levels at over 40,000 and kept me for three days.", "Rhabdo is rare but new people doing high rep negatives are the classic case.", "My arms swelled up so much I couldn't straighten them after the workout."],
  },
  {
    key: "hamstring-strain", forum: "Injuries",
    subjects: ["pulled hamstring", "hamstring strain from sprinting", "hamstring tear", "hamstring pain on deadlifts", "tight hamstrings after sprints"],
    terms: ["hamstring strain", "pulled hamstring", "sprint work", "the posterior chain", "glute-ham raises", "nordic curls", "the hamstrings", "a grade 2 strain", "bruising behind the thigh", "Romanian deadlifts", "hamstring flexibility", "eccentric strength"],
    lines: ["I felt a pop in the back of my thigh on the last 100m sprint.", "Nordic curls built my hamstrings back up after the strain.", "Don't stretch a fresh hamstring strain aggressively.", "Bruising behind the thigh usually means it's more than a mild pull."],
  },
  {
    key: "hip-flexor-tightness", forum: "Mobility & Recovery",
    subjects: ["tight hip flexors", "hip flexor stretch", "sitting all day and tight hips", "psoas tightness", "hip flexors and anterior pelvic tilt"],
    terms: ["hip flexors", "the psoas", "the couch stretch", "anterior pelvic tilt", "the samson stretch", "sitting all day", "glute activation", "the lunge stretch", "tight hips", "rectus femoris", "pelvic position", "the lumbar vertebrae"],
    lines: ["The couch stretch is brutal but it's the one that actually works for tight hip flexors.", "Sitting eight hours a day shortens the hip flexors, no way around it.", "Squeeze the glute on the back leg during the lunge stretch or you'll just hang on the joint.", "Tight psoas pulls on the lumbar vertebrae and that's where the back pain comes from."],
  },
  {
    key: "foam-rolling", forum: "Mobility & Recovery",
    subjects: ["foam rolling", "foam roller vs lacrosse ball", "soft tissue work", "rolling the IT band", "self myofascial release"],
    terms: ["foam roller", "lacrosse ball", "soft tissue work", "the IT band", "trigger points", "myofascial release", "the PVC pipe", "rolling the quads", "knots in the upper back", "the tennis ball", "smashing", "tissue quality"],
    lines: ["A lacrosse ball gets into the spots a foam roller can't reach.", "If the foam roller feels too easy, try a length of PVC pipe.", "Rolling the IT band hurts like crazy but the tissue quality improves fast.", "Spend two minutes on each knot instead of rolling back and forth quickly."],
  },
  {
    key: "thoracic-mobility", forum: "Mobility & Recovery",
    subjects: ["thoracic spine mobility", "stiff upper back", "t-spine extension drills", "rounded shoulders and t-spine", "upper back mobility for overhead squats"],
    terms: ["thoracic spine", "t-spine extension", "upper back stiffness", "thoracic rotation", "rounded shoulders", "the overhead squat", "peanut", "kyphosis", "the desk posture", "thread the needle", "upper back", "rib cage position"],
    lines: ["Two lacrosse balls taped together make a great peanut for the t-spine.", "A stiff thoracic spine makes the overhead squat almost impossible.", "Do thoracic extensions over the foam roller before every pressing day.", "Rounded shoulders from sitting at a desk are mostly a t-spine issue."],
  },
  {
    key: "sleep-recovery", forum: "Mobility & Recovery",
    subjects: ["sleep and recovery", "overtraining and sleep", "how much sleep do you get", "can't sleep after evening workouts", "recovery days"],
    terms: ["sleep", "recovery", "overtraining", "rest days", "resting heart rate", "a blackout room", "evening workouts", "cortisol", "naps", "magnesium", "eight hours", "deload week"],
    lines: ["Nothing helps recovery as much as getting eight hours of sleep.", "If my resting heart rate is up in the morning I take a rest day.", "Training late at night leaves me wired and I can't sleep until 2 am.", "A blackout room and no screens for an hour before bed changed everything."],
  },
  {
    key: "paleo-carbs", forum: "Nutrition",
    subjects: ["paleo diet and carbs", "paleo and sweet potatoes", "low carb paleo and performance", "how many carbs on paleo", "paleo and fruit"],
    terms: ["paleo", "carbs", "sweet potatoes", "low carb", "glycogen", "fruit", "grains", "insulin", "starchy vegetables", "meat and vegetables", "nuts and seeds", "the Paleo Diet"],
    lines: ["I went strict paleo and my metcon times fell off a cliff for two weeks.", "Add sweet potatoes after training if you're doing a lot of glycogen heavy work.", "Paleo doesn't have to be low carb, that's a common mix-up.", "Meat and vegetables, nuts and seeds, some fruit, little starch, no sugar."],
  },
  {
    key: "zone-blocks", forum: "Nutrition",
    subjects: ["zone diet blocks", "how many zone blocks", "zone diet for athletes", "weighing food on the zone", "zone and extra fat"],
    terms: ["zone blocks", "the Zone", "protein blocks", "the food scale", "40-30-30", "fat blocks", "carbohydrate blocks", "weighing and measuring", "a 16 block day", "lean body mass", "block charts", "extra fat"],
    lines: ["I'm doing 16 blocks a day with 3x fat and I'm still losing weight.", "Weigh and measure for a few weeks so you learn what a block looks like.", "The Zone is a ratio, 40-30-30, the block count is the part you adjust.", "Athletes often need to add fat blocks to hold their weight on the Zone."],
  },
  {
    key: "intermittent-fasting", forum: "Nutrition",
    subjects: ["intermittent fasting", "training fasted", "fasting and strength", "16/8 fasting", "lean gains style fasting"],
    terms: ["intermittent fasting", "fasted training", "the eating window", "16/8", "BCAAs", "breakfast", "the fast", "ghrelin", "one meal a day", "fasted state", "hunger pangs", "refeed"],
    lines: ["I've been doing 16/8 for a month and I don't miss breakfast at all.", "Training fasted feels fine for strength work but metcons are rough.", "Take 10 grams of BCAAs before training if you're lifting fasted.", "The hunger goes away after about a week of fasting."],
  },
  {
    key: "bulking", forum: "Nutrition",
    subjects: ["gaining weight", "bulking on paleo", "GOMAD", "eating for mass", "skinny guy needs to gain"],
    terms: ["bulking", "GOMAD", "a gallon of milk", "calorie surplus", "weight gain", "mass", "the skinny guy", "eating more", "body fat", "lean mass", "the scale", "3000 calories"],
    lines: ["A gallon of milk a day put 20 pounds on me in two months.", "Skinny guys always underestimate how much they eat.", "You won't gain weight without a calorie surplus, no matter how hard you train.", "Some of the weight from GOMAD will be fat, that's the trade."],
  },
  {
    key: "post-workout-nutrition", forum: "Nutrition",
    subjects: ["post workout meal", "what to eat after training", "post workout shake", "eating before a workout", "post workout carbs"],
    terms: ["post workout meal", "protein shake", "the PWO window", "fast carbs", "chocolate milk", "pre workout meal", "the anabolic window", "whey", "recovery meal", "dextrose", "timing", "insulin spike"],
    lines: ["Chocolate milk is the cheapest post workout drink there is.", "The anabolic window is a lot wider than the supplement ads say.", "I eat a real meal within an hour of training and don't worry about it.", "Some fast carbs after training help if you do two sessions a day."],
  },
  {
    key: "fish-oil", forum: "Supplements",
    subjects: ["fish oil dosage", "how much fish oil", "fish oil brands", "fish oil and inflammation", "liquid fish oil"],
    terms: ["fish oil", "EPA and DHA", "omega-3", "capsules", "liquid fish oil", "inflammation", "fish burps", "cod liver oil", "omega-6", "grams per day", "the fridge", "rancid oil"],
    lines: ["Count the EPA and DHA, not the grams of oil on the front of the bottle.", "Keep liquid fish oil in the fridge or it goes rancid.", "Freezing the capsules stops the fish burps.", "High omega-6 intake is why people need so much fish oil."],
  },
  {
    key: "creatine", forum: "Supplements",
    subjects: ["creatine", "creatine loading phase", "creatine and water retention", "creatine monohydrate vs others", "creatine for endurance athletes"],
    terms: ["creatine", "creatine monohydrate", "the loading phase", "5 grams a day", "water retention", "cramping", "ATP", "the phosphocreatine system", "kre-alkalyn", "micronized creatine", "bloating", "kidneys"],
    lines: ["Plain creatine monohydrate is cheap and it's the one with all the research.", "You don't need a loading phase, 5 grams a day gets you there in a few weeks.", "Expect a couple of pounds of water weight in the first week.", "Creatine helps most with short heavy efforts, not long runs."],
  },
  {
    key: "protein-powder", forum: "Supplements",
    subjects: ["protein powder", "best whey protein", "protein powder and digestion", "casein before bed", "egg protein powder"],
    terms: ["protein powder", "whey", "casein", "whey isolate", "egg protein", "scoops", "digestion", "lactose", "grams of protein", "shakes", "artificial sweeteners", "brand"],
    lines: ["Whey isolate gives me far less bloating than the cheap concentrate.", "Real food first, protein powder is just convenient.", "Casein before bed if you want something slow digesting.", "One scoop has about 25 grams of protein, check the label."],
  },
  {
    key: "deadlift-form", forum: "Strength Training",
    subjects: ["deadlift form", "rounding back on deadlifts", "deadlift lockout", "sumo vs conventional deadlift", "deadlift setup"],
    terms: ["deadlift", "the setup", "back rounding", "lockout", "the bar path", "hip hinge", "conventional stance", "sumo stance", "grip", "the floor", "lat tension", "hook grip"],
    lines: ["Pull the slack out of the bar before it leaves the floor.", "My back rounds on the last rep of every heavy deadlift set.", "Keep the bar against your shins and drag it up your thighs.", "Mixed grip is fine, just switch hands between sets."],
  },
  {
    key: "squat-depth", forum: "Strength Training",
    subjects: ["squat depth", "butt wink", "below parallel squats", "high bar vs low bar squat", "squat depth and the lower back"],
    terms: ["squat depth", "butt wink", "below parallel", "the hip crease", "low bar", "high bar", "ankle mobility", "the hole", "squat shoes", "the box squat", "parallel", "the lumbar spine"],
    lines: ["The hip crease has to go below the top of the knee to count.", "Butt wink at the very bottom isn't the end of the world with light weights.", "Heeled shoes fixed most of my depth problem.", "Box squats to a low box taught me where depth is."],
  },
  {
    key: "bench-plateau", forum: "Strength Training",
    subjects: ["bench press plateau", "stuck on bench press", "bench press arch", "bench press lockout", "bench press for crossfitters"],
    terms: ["bench press", "plateau", "the arch", "leg drive", "board presses", "lockout", "pause bench", "the sticking point", "triceps", "grip width", "the bar path", "close grip bench"],
    lines: ["I've been stuck at 225 on the bench for six months.", "Leg drive and a tight upper back added 20 pounds in a month.", "If you fail at lockout, your triceps are the weak link.", "Pause reps taught me to stay tight at the bottom."],
  },
  {
    key: "overhead-press", forum: "Strength Training",
    subjects: ["strict press", "overhead press stalled", "press vs push press", "press form and lower back", "standing press progress"],
    terms: ["strict press", "overhead press", "push press", "lockout overhead", "the lower back arch", "the bar path", "bodyweight press", "shoulder press", "triceps", "glute squeeze", "the face", "microplates"],
    lines: ["Squeeze your glutes hard or the press turns into a standing incline.", "Microplates are the only way I keep the strict press moving.", "Bodyweight overhead is a great long term goal for the strict press.", "Move your face out of the way and get under the bar once it passes your forehead."],
  },
  {
    key: "linear-progression", forum: "Strength Training",
    subjects: ["starting strength", "linear progression stalled", "5x5 or 3x5", "novice program with metcons", "texas method"],
    terms: ["Starting Strength", "linear progression", "3x5", "5x5", "the novice program", "Texas Method", "deload", "stall", "adding weight every session", "Rippetoe", "the intermediate", "programming"],
    lines: ["Run linear progression until you can't add weight every session, then change.", "Don't mix a novice strength program with daily metcons and expect it to work.", "I stalled on the squat after 8 weeks of 3x5 and had to deload twice.", "The Texas Method is the usual step after the novice program runs out."],
  },
  {
    key: "snatch-technique", forum: "Olympic Lifting",
    subjects: ["snatch technique", "snatch pulling early with the arms", "catching the snatch forward", "snatch grip width", "snatch drills"],
    terms: ["snatch", "the second pull", "the catch", "the overhead squat", "snatch balance", "triple extension", "arm bend", "the hang snatch", "the bar path", "the pocket", "snatch grip", "the turnover"],
    lines: ["Keep the arms long until the hips finish the second pull.", "I keep catching the snatch way out in front of me.", "Snatch balances made me fast under the bar.", "Film from the side and watch the bar path, it tells you everything."],
  },
  {
    key: "clean-and-jerk", forum: "Olympic Lifting",
    subjects: ["clean and jerk", "split jerk vs push jerk", "missing jerks", "clean pulls", "the jerk dip"],
    terms: ["clean and jerk", "split jerk", "push jerk", "the dip and drive", "clean pulls", "the front rack", "the receiving position", "the split", "the first pull", "power clean", "squat clean", "the drive"],
    lines: ["Most missed jerks come from a dip that drifts forward onto the toes.", "Learn the split jerk, it's far more forgiving when the drive is off.", "Clean pulls at 110 percent of your clean built my first pull.", "Power cleans are fine but learn the squat clean if you want bigger numbers."],
  },
  {
    key: "lifting-shoes", forum: "Equipment",
    subjects: ["weightlifting shoes", "olympic lifting shoes", "do I need lifting shoes", "chucks vs lifting shoes", "adidas adipower"],
    terms: ["lifting shoes", "the raised heel", "Adipowers", "Chuck Taylors", "shoe sizing", "the heel height", "Do-Wins", "flat soles", "stability", "wooden heel", "the toe box", "squatting in runners"],
    lines: ["Lifting shoes fixed my depth overnight thanks to the raised heel.", "Chucks are fine for deadlifts, not for cleans.", "Do-Wins are the budget option and they hold up well.", "Size them snug, they should not slide around."],
  },
  {
    key: "kettlebell-swing", forum: "Kettlebells",
    subjects: ["kettlebell swing technique", "russian vs american swing", "swings and lower back", "kettlebell swing hip snap", "swing weight for women"],
    terms: ["kettlebell swing", "hip snap", "the hike pass", "Russian swing", "American swing", "the hinge", "the 24kg bell", "the glutes", "kettlebell", "the float", "the backswing", "pood"],
    lines: ["The swing is a hinge, not a squat, keep the shins vertical.", "Snap the hips and let the bell float, the arms are just ropes.", "American swings beat up my shoulders, so I stick with Russian swings.", "Women usually start with a 12 or 16 kg bell."],
  },
  {
    key: "turkish-getup", forum: "Kettlebells",
    subjects: ["turkish get-up", "get-up shoulder stability", "get-up steps", "heavy get-ups", "get-up and the low sweep"],
    terms: ["Turkish get-up", "the low sweep", "the high bridge", "the windmill", "shoulder packing", "the bell overhead", "the elbow", "half get-ups", "kneeling", "the lunge up", "eyes on the bell", "shoe on the fist"],
    lines: ["Keep your eyes on the bell for the whole get-up.", "Practice with a shoe balanced on your fist before using a kettlebell.", "Half get-ups to the high bridge are good if the full movement is too much.", "Heavy get-ups did more for my shoulder than any rehab exercise."],
  },
  {
    key: "muscle-up", forum: "Gymnastics & Bodyweight",
    subjects: ["first muscle-up", "muscle-up transition", "false grip on rings", "bar muscle-up", "muscle-up progression"],
    terms: ["muscle-up", "false grip", "the transition", "the rings", "ring dips", "chest to bar", "the kip", "low ring transitions", "the dip", "banded muscle-ups", "ring support", "strict muscle-up"],
    lines: ["The transition is where everyone gets stuck, drill it on low rings.", "False grip feels horrible at first but it makes the transition much easier.", "Get 10 strict ring dips and 10 chest to bar pull-ups, then work the muscle-up.", "I finally got my first muscle-up after three months of trying."],
  },
  {
    key: "kipping-pullups", forum: "Gymnastics & Bodyweight",
    subjects: ["kipping pull-ups", "butterfly kip", "kipping vs strict", "kipping and shoulder health", "torn hands from pull-ups"],
    terms: ["kipping pull-ups", "butterfly kip", "strict pull-ups", "the kip swing", "torn calluses", "chalk", "hollow and arch", "the bar", "rips", "the pull-up bar", "rhythm", "grips"],
    lines: ["Get five strict pull-ups before you start kipping.", "File your calluses down or they'll tear open on high rep pull-ups.", "The kip is a hollow to arch swing, not a wild leg kick.", "Butterfly pull-ups are fast but tough on the shoulders."],
  },
  {
    key: "handstand-pushups", forum: "Gymnastics & Bodyweight",
    subjects: ["handstand push-ups", "HSPU progression", "kipping handstand push-ups", "freestanding handstand", "handstand hold"],
    terms: ["handstand push-ups", "HSPU", "the wall", "the tripod", "abmat", "the handstand hold", "pike push-ups", "kipping HSPU", "the head", "freestanding handstand", "deficit HSPU", "shoulder strength"],
    lines: ["Start with pike push-ups on a box if you can't do a handstand push-up yet.", "Put an abmat under your head and keep a tripod position.", "Kipping handstand push-ups need a tight core or they hurt the neck.", "Freestanding handstands took me a year of daily practice."],
  },
  {
    key: "double-unders", forum: "Gymnastics & Bodyweight",
    subjects: ["double unders", "can't get double unders", "jump rope for double unders", "whipping shins on double unders", "double under practice"],
    terms: ["double unders", "jump rope", "the wrists", "speed rope", "rope length", "single unders", "the rhythm", "whipped shins", "the buy-in", "the RPM rope", "the hands", "jumping too high"],
    lines: ["Spin with the wrists, not the arms.", "Shorten the rope until the handles reach your armpits.", "Practice single-single-double until the rhythm clicks.", "I whipped my shins so many times they were striped for a month."],
  },
  {
    key: "rowing-technique", forum: "Endurance",
    subjects: ["rowing technique", "concept2 damper setting", "2k row time", "rowing stroke rate", "500m row pacing"],
    terms: ["rowing", "the Concept2", "damper setting", "stroke rate", "the catch", "the drive", "the recovery", "split time", "2k row", "the handle", "legs then back then arms", "the flywheel"],
    lines: ["Put the damper around 4 or 5, not 10.", "Legs, then back, then arms on the drive, and reverse it on the recovery.", "My 2k row is stuck around 7:30.", "Watch the split time and keep it steady, don't sprint the first 500."],
  },
  {
    key: "marathon-training", forum: "Endurance",
    subjects: ["marathon training with strength work", "crossfit endurance for a marathon", "half marathon prep", "long runs or intervals", "training for a 10k"],
    terms: ["marathon", "half marathon", "long runs", "tempo runs", "interval training", "mileage", "race pace", "the taper", "endurance", "the 10k", "splits", "race day"],
    lines: ["I ran a half marathon on mostly intervals and tempo runs and felt fine.", "Put at least one long run a week in if the goal is a full marathon.", "Taper two weeks out and keep the intensity but cut the volume.", "My splits fell apart after mile 18 last time."],
  },
  {
    key: "pose-running", forum: "Endurance",
    subjects: ["pose running", "forefoot striking", "barefoot running", "running cadence", "switching to pose method"],
    terms: ["Pose", "forefoot strike", "heel striking", "cadence", "barefoot running", "the fall", "the pull", "calf soreness", "180 steps per minute", "Chi running", "Vibrams", "the midfoot"],
    lines: ["Expect very sore calves for the first weeks of forefoot running.", "Count your cadence, aim for about 180 steps per minute.", "Pose is fall and pull, the landing takes care of itself.", "I switched to Vibrams and had to cut my mileage in half for a month."],
  },
  {
    key: "opening-affiliate", forum: "Coaches & Affiliates",
    subjects: ["opening an affiliate", "starting a box", "affiliate insurance", "gym lease advice", "pricing memberships"],
    terms: ["affiliate", "the box", "lease", "insurance", "membership pricing", "the garage start", "square footage", "equipment budget", "the first members", "business plan", "the landlord", "monthly rates"],
    lines: ["Start in a garage or a park and move into a space when you have members.", "Read the lease three times and get a lawyer to read it once.", "Our membership is 150 a month and we don't do discounts.", "Budget more than you think for insurance."],
  },
  {
    key: "scaling-beginners", forum: "Coaches & Affiliates",
    subjects: ["scaling workouts for beginners", "on-ramp program", "coaching deconditioned clients", "scaling for older athletes", "intro classes"],
    terms: ["scaling", "beginners", "the on-ramp", "deconditioned clients", "intensity", "mechanics", "consistency", "older athletes", "PVC work", "intro classes", "the elements", "substitutions"],
    lines: ["Mechanics, then consistency, then intensity, in that order.", "Our on-ramp is six sessions and nobody skips it.", "Scale the load and the volume before you change the movement.", "Older athletes need more warm-up and fewer jumps."],
  },
  {
    key: "garage-gym", forum: "Equipment",
    subjects: ["building a garage gym", "garage gym on a budget", "power rack vs squat stands", "bumper plates for home", "garage gym flooring"],
    terms: ["garage gym", "power rack", "squat stands", "bumper plates", "horse stall mats", "the budget", "a barbell", "pull-up bar", "Craigslist", "rings", "the ceiling height", "plyo box"],
    lines: ["Horse stall mats from a farm store make the best cheap flooring.", "Buy a good bar first, everything else can be cheap.", "Craigslist is full of plates if you're patient.", "Check the ceiling height before you buy a rack."],
  },
  {
    key: "first-competition", forum: "Competitions",
    subjects: ["first competition", "competition nerves", "preparing for a local comp", "sectionals prep", "competing in the scaled division"],
    terms: ["competition", "nerves", "the scaled division", "judges", "the warm-up area", "heats", "the workout standards", "no reps", "the leaderboard", "sectionals", "the floor", "pacing"],
    lines: ["Read the movement standards twice, no reps are what kill people at the first comp.", "Warm up, but don't burn out in the warm-up area waiting for your heat.", "I was so nervous I went out way too fast on the first workout.", "Compete in the scaled division first, it's still a great experience."],
  },
];

/** Title frames: `{S}` is the subject with a capital letter, `{s}` as written. */
export const TITLE_FRAMES: readonly string[] = [
  "{S}", "{S}", "{S}", "{S}?", "{S}?", "Help with {s}", "Question about {s}", "{S} - advice?",
  "{S} help", "Anyone else dealing with {s}?", "{S} (long)", "Need advice: {s}", "More on {s}",
  "{S}, what am I doing wrong?", "{S} question", "{S}...", "{S} again", "Thoughts on {s}",
];

/** General sentences an opening post says; `{t}` / `{T}` is a topic term. */
export const OPENING_SENTENCES: readonly string[] = [
  "I've been having trouble with {t} for about {n} weeks now and I'm not sure what to do.",
  "Has anyone here dealt with {t} before?",
  "Any advice on {t} would be much appreciated.",
  "I did {wod} yesterday and noticed {t} again.",
  "I searched the forum, but most of the threads on {t} are a few years old.",
  "My coach says it's {t} but I'm not convinced.",
  "Some background: M/{age}/{weight}, training for about {n} months.",
  "Some background: F/{age}/{weight}, been at this for {n} months.",
  "Should I keep training through it or take some time off?",
  "I'm starting to think {t} is the real problem here.",
  "It started a few weeks ago, right after I added more {t}.",
  "Is this normal, or should I be worried about {t}?",
  "I've read everything I could find about {t} and I'm more confused than before.",
  "What would you do in my situation?",
  "I can post a video if that helps.",
];

/** General sentences a reply says. */
export const REPLY_SENTENCES: readonly string[] = [
  "I had the same issue with {t} last year.",
  "What worked for me was {t} and a lot of patience.",
  "Honestly, I'd look at {t} before anything else.",
  "Have you tried {t}?",
  "+1 on {t}.",
  "Go see a good physio who understands {t}.",
  "It sounds like {t} to me, but it's hard to say without a video.",
  "Post a video and we can take a look at your {t}.",
  "Thanks, that makes sense. I'll try {t} this week and report back.",
  "Search the forum for {t}, there are a ton of threads on it.",
  "Don't overthink it. {T} will come with time.",
  "I'd be careful with {t} if you're already sore.",
  "This. Especially the part about {t}.",
  "{T} is usually the culprit in my experience.",
  "Listen to your body and back off when {t} starts acting up.",
  "I'm no expert, but {t} helped me a lot.",
  "Good thread, I've been wondering about {t} myself.",
  "Our coaches make everyone work on {t} for the first month.",
  "Give it {n} weeks of {t} and see where you are.",
  "I disagree a little, {t} isn't the whole story.",
  "We see this a lot at our gym, it's almost always {t}.",
  "Can you describe exactly when you notice {t}?",
  "Update: {t} is a lot better after a week of rest.",
];

/** Sentences that fit any thread. */
export const FILLER_SENTENCES: readonly string[] = [
  "Thanks for the replies everyone.", "Good luck!", "Just my two cents.", "Keep us posted.", "YMMV.",
  "Hope that helps.", "Great thread.", "Thanks again.", "I'll report back in a couple of weeks.",
  "That's what worked for me anyway.", "Not medical advice, obviously.", "Anyway, that's my experience.",
  "Let us know how it goes.", "Interesting, I hadn't thought of that.", "Agreed.", "Exactly.",
  "Seriously, get it checked out.", "Keep it <5 reps & >80% and you'll be fine.",
];

export const WORKOUTS: readonly string[] = ["Fran", "Grace", "Helen", "Cindy", "Diane", "Elizabeth", "Karen", "Murph", "Isabel", "Annie", "Filthy Fifty", "Fight Gone Bad", "Nancy", "Jackie", "Linda"];

export const FIRST_NAMES: readonly string[] = [
  "Aaron", "Adam", "Alex", "Allen", "Amy", "Andrea", "Andrew", "Angela", "Anna", "Ben", "Beth", "Brandon", "Brian", "Carl", "Carlos",
  "Chris", "Christine", "Dan", "Daniel", "Dave", "Derek", "Diane", "Doug", "Elena", "Emily", "Eric", "Erin", "Frank", "Gabe", "Garrett",
  "Greg", "Hannah", "Ian", "Jack", "Jacob", "James", "Jamie", "Jason", "Jeff", "Jen", "Jeremy", "Jessica", "Joe", "John", "Jon", "José",
  "Josh", "Julie", "Justin", "Karen", "Kate", "Katherine", "Keith", "Kelly", "Kevin", "Kieran", "Kim", "Kristen", "Laura", "Liam", "Lisa",
  "Marcus", "Maria", "Mark", "Matt", "Megan", "Michelle", "Mike", "Nate", "Nick", "Nicole", "Owen", "Pat", "Paul", "Pete", "Rachel",
  "Renée", "Rob", "Ryan", "Sam", "Sarah", "Scott", "Sean", "Shane", "Stephanie", "Steve", "Steven", "Tom", "Tony", "Tyler", "Zoë",
];

export const LAST_NAMES: readonly string[] = [
  "Adams", "Allen", "Anderson", "Baker", "Barry", "Bell", "Brooks", "Brown", "Campbell", "Carter", "Clark", "Collins", "Cook", "Cooper",
  "Davis", "Derbyshire", "Edwards", "Evans", "Fischer", "Foster", "García", "Gray", "Green", "Hall", "Harris", "Hayes", "Hill", "Howard",
  "Hughes", "Jackson", "Jenkins", "Johnson", "Jones", "Kelly", "Kessler", "King", "Lee", "Lewis", "Long", "Low", "Martin", "Miller",
  "Mitchell", "Moore", "Morgan", "Murphy", "Nelson", "O'Brien", "O'Neil", "Parker", "Perez", "Peterson", "Phillips", "Price", "Reed",
  "Richardson", "Rivera", "Roberts", "Rogers", "Ross", "Russell", "Sanders", "Schmidt", "Scott", "Shaw", "Smith", "Stewart", "Strump",
  "Sullivan", "Taylor", "Thomas", "Thompson", "Turner", "Walker", "Ward", "Watson", "White", "Williams", "Wilson", "Wood", "Wright", "Yeh", "Young",
];

/** Parts of forum handles ("kbswinger", "ironmike77"). */
export const HANDLE_WORDS: readonly string[] = [
  "iron", "kb", "swinger", "lifter", "runner", "rower", "paleo", "barbell", "chalk", "box", "garage", "coach", "wod", "beast", "oly",
  "squat", "deadlift", "mike", "jen", "rx", "crossfitter", "strong", "fast", "bear", "wolf", "grip", "ring", "pull",
];

/** City and region; rendered "City\u00a0 Region" as the sample's skin does. */
export const LOCATIONS: readonly (readonly [string, string?])[] = [
  ["London", "England"], ["Silver Spring", "Maryland"], ["Seattle", "WA"], ["Wilbraham", "MA"], ["Charlotte", "NC"],
  ["Austin", "TX"], ["Denver", "CO"], ["Portland", "OR"], ["Santa Cruz", "CA"], ["San Diego", "CA"], ["Toronto", "ON"],
  ["Vancouver", "BC"], ["Sydney", "Australia"], ["Auckland", "New Zealand"], ["Dublin", "Ireland"], ["Chicago", "IL"],
  ["Boston", "MA"], ["Atlanta", "GA"], ["Phoenix", "AZ"], ["Columbus", "OH"], ["Madison", "WI"], ["Minneapolis", "MN"],
  ["Brooklyn", "NY"], ["Fort Bragg", "NC"], ["Anchorage", "AK"], ["Honolulu", "HI"], ["München", "Germany"], ["Oslo", "Norway"],
  ["Montréal", "QC"], ["Cape Town", "South Africa"], ["Texas"], ["Canada"], ["the gym"], ["Northern Virginia"], ["Ohio"],
];

/** Signature lines; `{name}` is the author's name, `{gym}` a gym word. */
export const SIGNATURE_LINES: readonly string[] = [
  "Posts are NOT medical, training, nutrition info", "Bodyweight Article, Overcoming Gravity Book", "{name}, CSCS",
  "{name}, D.C., FMS", "www.{gym}strength.com/", "Train hard, eat clean, sleep well.",
  "The World Breaks Everyone, Sometimes People are stronger at the Broken Places.", "Deadlift: {dl} | Squat: {sq} | Press: {pr}",
  "Owner, {Gym} Strength & Conditioning", "My training log: http://www.{gym}log.com/", "\"Strength is never a weakness.\"",
  "Level 1 Trainer", "Coach at {Gym} Barbell", "Eat meat and vegetables, nuts and seeds, some fruit, little starch and no sugar.",
];

export const GYM_WORDS: readonly string[] = ["steelecreek", "ironworks", "northside", "riverbend", "summit", "forge", "granite", "harbor", "oakridge", "foundry"];

export const EDIT_REASONS: readonly string[] = ["added last sentence", "typo", "spelling", "clarity", "added link", "fixed quote", "forgot a word", "formatting"];

export const LINK_HOSTS: readonly string[] = ["www.eatmoveimprove.com", "www.performancemenu.com", "www.strengthlog.net", "www.exrx.net", "www.mobilitywod.com", "www.rossenergy.org"];
